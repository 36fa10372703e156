import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from './canonical-json.js';
import { isIgnored, parseDockerignore } from './dockerignore.js';

/**
 * Digests of what a build reads from disk. Each context is hashed once per
 * plan, however many versions and variants build from it: a catalog with a
 * thousand variants of one image reads that image's files once.
 */
export class ContextHasher {
  private readonly contexts = new Map<string, string>();
  private readonly files = new Map<string, string>();

  /**
   * `sha256:` over the files a build of `context` can see: sorted paths, each
   * with its kind, executable bit and content digest (a symlink: its target),
   * after the .dockerignore BuildKit would apply (`<Dockerfile>.dockerignore`
   * first, as BuildKit does, then the context's `.dockerignore`).
   */
  context(context: string, dockerfile: string): string {
    const ignoreFile = [`${dockerfile}.dockerignore`, join(context, '.dockerignore')].find((f) => existsSync(f));
    const key = `${context}\0${ignoreFile ?? ''}`;
    const known = this.contexts.get(key);
    if (known !== undefined) return known;
    const rules = ignoreFile === undefined ? [] : parseDockerignore(readFileSync(ignoreFile, 'utf8'));
    const hash = createHash('sha256');
    for (const path of listFiles(context)) {
      if (isIgnored(path, rules)) continue;
      const full = join(context, path);
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) hash.update(`${path}\0link\0${readlinkSync(full)}\n`);
      else hash.update(`${path}\0${stat.mode & 0o111 ? 'x' : '-'}\0${this.file(full)}\n`);
    }
    const digest = `sha256:${hash.digest('hex')}`;
    this.contexts.set(key, digest);
    return digest;
  }

  /** `sha256:` of one file's content, read once. */
  file(path: string): string {
    const known = this.files.get(path);
    if (known !== undefined) return known;
    const digest = `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    this.files.set(path, digest);
    return digest;
  }
}

/** Regular files and symlinks under `dir`, `/`-separated, sorted by code point so the order never depends on the locale. */
function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() || entry.isSymbolicLink()) found.push(path);
    }
  };
  walk('');
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** What goes into a build id besides the files: everything that changes the image. */
export interface BuildInputs {
  context: string;
  dockerfile: string;
  target?: string;
  buildArgs: Record<string, string>;
  platforms: string[];
  labels: Record<string, string>;
  mode: string;
  requires: unknown[];
  tests?: unknown[];
  debugTarget?: string;
  debugTests?: unknown[];
  parents: string[];
}

/**
 * The content build id: equal for two plans exactly when the image would be
 * built from the same inputs. Labels that change with every commit (revision,
 * created) are left out, or no image would ever be recognised as unchanged.
 */
export function buildId(inputs: BuildInputs): string {
  return `sha256:${createHash('sha256').update(canonicalJson(inputs)).digest('hex')}`;
}

export const COMMIT_LABELS = ['org.opencontainers.image.revision', 'org.opencontainers.image.created'];
