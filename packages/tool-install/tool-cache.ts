import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where verified tools are kept between steps and jobs on one runner. The
 * action uses the runner's tool cache (ActionsToolCache); tests use a
 * directory of their own with the same layout.
 */
export interface ToolCache {
  /** The directory holding `tool` at `version` for `arch`, if it was cached. */
  find(tool: string, version: string, arch: string): Promise<string | undefined>;
  /** Copies `sourceDir` into the cache and returns where it now lives. */
  add(sourceDir: string, tool: string, version: string, arch: string): Promise<string>;
}

/**
 * The tool cache's layout (`<root>/<tool>/<version>/<arch>` plus a
 * `<arch>.complete` marker written last, so a half-copied directory is never
 * found) in any directory.
 */
export class DirectoryToolCache implements ToolCache {
  constructor(readonly root: string) {}

  async find(tool: string, version: string, arch: string): Promise<string | undefined> {
    const dir = join(this.root, tool, version, arch);
    return existsSync(`${dir}.complete`) ? dir : undefined;
  }

  async add(sourceDir: string, tool: string, version: string, arch: string): Promise<string> {
    const dir = join(this.root, tool, version, arch);
    await rm(`${dir}.complete`, { force: true });
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await cp(sourceDir, dir, { recursive: true });
    await writeFile(`${dir}.complete`, '');
    return dir;
  }

  /** Every `tool/version/arch` cached, for tests that must see nothing was. */
  async entries(): Promise<string[]> {
    const found: string[] = [];
    for (const tool of await listDirs(this.root)) {
      for (const version of await listDirs(join(this.root, tool))) {
        for (const arch of await listDirs(join(this.root, tool, version))) found.push(`${tool}/${version}/${arch}`);
      }
    }
    return found;
  }
}

async function listDirs(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const names: string[] = [];
  for (const name of await readdir(dir)) {
    if ((await stat(join(dir, name))).isDirectory()) names.push(name);
  }
  return names;
}
