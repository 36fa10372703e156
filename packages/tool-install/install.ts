import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { access, chmod, constants, copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { UserError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import { type CommandRunner, runChecked } from '../process/index.js';
import { ChecksumMismatchError, parseChecksums, sha256File } from './checksum.js';
import { DownloadError, type Downloader } from './download.js';
import { assetFor, currentPlatform, releaseUrl, selectPin, type ToolAsset, type ToolPin } from './pin.js';
import type { ToolCache } from './tool-cache.js';

/** A tool ready to run. */
export interface InstalledTool {
  name: string;
  /** Absolute path of the executable. */
  path: string;
  /** The version the tool reports about itself (`0.74.0`), or the pin's when it prints none we recognise. */
  version: string;
  /** Found on PATH (the user asked for it), in the tool cache, or downloaded and verified just now. */
  source: 'path' | 'cache' | 'download';
}

export interface InstallOptions {
  cache: ToolCache;
  downloader: Downloader;
  /** Runs `tar`/`unzip` and the tool's version command. */
  runner: CommandRunner;
  log: Logger;
  /** Scratch space for downloads; cleaned up whatever happens. */
  tempDir: string;
  /** Replaces the pin's release base, for runners that reach releases through a mirror. */
  mirror?: string;
  /** `<platform>-<arch>`; defaults to this machine. */
  platform?: string;
}

/** The value of a version input that means "the one on PATH, whatever it is". */
export const FROM_PATH = 'path';

/**
 * Makes `pin` runnable: from the tool cache when it holds it, else downloaded
 * from the release (or the mirror), checked against the pinned SHA-256 and
 * only then unpacked and cached. A file that does not match is refused and
 * never cached.
 */
export async function installTool(pin: ToolPin, options: InstallOptions): Promise<InstalledTool> {
  const platform = options.platform ?? currentPlatform();
  const asset = assetFor(pin, platform);
  const arch = platform.split('-').slice(1).join('-');
  const executable = asset.format === 'binary' ? pin.name : (asset.executable ?? pin.name);

  const cached = await options.cache.find(pin.name, pin.version, arch);
  if (cached !== undefined && existsSync(join(cached, executable))) {
    options.log.info(`${pin.name} ${pin.version}: found in the tool cache`);
    return { name: pin.name, path: join(cached, executable), version: pin.version, source: 'cache' };
  }

  const work = join(options.tempDir, `${pin.name}-${randomUUID()}`);
  await mkdir(work, { recursive: true });
  try {
    const archive = await downloadVerified(pin, asset, options, work);
    const unpacked = await unpack(archive, asset, pin.name, options.runner, join(work, 'unpacked'));
    const inside = join(unpacked, executable);
    if (!existsSync(inside)) {
      throw new Error(`${asset.file} holds no '${executable}': the pin's executable path is wrong`);
    }
    await chmod(inside, 0o755);
    const dir = await options.cache.add(unpacked, pin.name, pin.version, arch);
    const path = join(dir, executable);
    const version = (await reportedVersion(path, pin, options.runner)) ?? pin.version;
    options.log.info(`${pin.name} ${version}: downloaded, SHA-256 verified (${asset.sha256}), cached`);
    return { name: pin.name, path, version, source: 'download' };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function downloadVerified(pin: ToolPin, asset: ToolAsset, options: InstallOptions, work: string): Promise<string> {
  const url = releaseUrl(pin, asset.file, options.mirror);
  const dest = join(work, asset.file);
  options.log.info(`${pin.name} ${pin.version}: downloading ${url}`);
  try {
    await options.downloader.download(url, dest);
  } catch (thrown: unknown) {
    throw explainDownloadFailure(pin, thrown, options.mirror);
  }
  const actual = await sha256File(dest);
  if (actual !== asset.sha256) {
    await rm(dest, { force: true });
    throw new ChecksumMismatchError(asset.file, url, asset.sha256, actual);
  }
  if (pin.checksumsFile !== undefined) await crossCheck(pin, asset, options, work);
  return dest;
}

/**
 * The release's own checksums file, read as a second witness. When it is
 * missing (a mirror that copied only the archive) the pin alone decides; when
 * it disagrees with the pin, the release was changed after it was pinned.
 */
async function crossCheck(pin: ToolPin, asset: ToolAsset, options: InstallOptions, work: string): Promise<void> {
  const file = pin.checksumsFile ?? '';
  const url = releaseUrl(pin, file, options.mirror);
  const dest = join(work, file);
  try {
    await options.downloader.download(url, dest);
  } catch (thrown: unknown) {
    options.log.warning(`${pin.name}: could not read ${url} (${errorText(thrown)}); the pinned SHA-256 alone vouches for ${asset.file}`);
    return;
  }
  const listed = parseChecksums(await readFile(dest, 'utf8')).get(asset.file);
  if (listed === undefined) {
    options.log.warning(`${pin.name}: ${file} does not list ${asset.file}; the pinned SHA-256 alone vouches for it`);
  } else if (listed !== asset.sha256) {
    throw new ChecksumMismatchError(
      asset.file,
      releaseUrl(pin, asset.file, options.mirror),
      asset.sha256,
      listed,
      `the release's ${file} says`,
    );
  }
}

function explainDownloadFailure(pin: ToolPin, thrown: unknown, mirror: string | undefined): Error {
  if (mirror !== undefined && mirror !== '' && thrown instanceof DownloadError) {
    return new UserError(
      {
        message: `${thrown.message} (the mirror set by the action's mirror input).`,
        hint: `Check that the mirror serves ${pin.name}'s releases under <mirror>/${pin.tag}/.`,
      },
      { cause: thrown },
    );
  }
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

async function unpack(file: string, asset: ToolAsset, name: string, runner: CommandRunner, dest: string): Promise<string> {
  await mkdir(dest, { recursive: true });
  switch (asset.format) {
    case 'tar.gz':
      await runChecked(runner, { file: 'tar', args: ['-xzf', file, '-C', dest], quiet: true });
      break;
    case 'zip':
      await runChecked(runner, { file: 'unzip', args: ['-q', '-o', file, '-d', dest], quiet: true });
      break;
    case 'binary':
      await copyFile(file, join(dest, name));
      break;
  }
  return dest;
}

/**
 * The tool the user put on PATH, with the version it reports. The user chose
 * it, so no checksum applies; the version is logged so the run says what ran.
 */
export async function toolFromPath(
  pin: ToolPin,
  runner: CommandRunner,
  log: Logger,
  pathVariable = process.env.PATH ?? '',
): Promise<InstalledTool> {
  const path = await findOnPath(pin.name, pathVariable);
  if (path === undefined) {
    throw new UserError({
      message: `the version input is '${FROM_PATH}', but there is no '${pin.name}' on PATH.`,
      hint: `Install ${pin.name} in an earlier step, or give a pinned version (${pin.version}).`,
    });
  }
  const version = (await reportedVersion(path, pin, runner)) ?? 'unknown';
  log.info(`${pin.name} ${version}: taken from PATH (${path}), as asked; no checksum applies`);
  return { name: pin.name, path, version, source: 'path' };
}

export async function findOnPath(name: string, pathVariable: string): Promise<string | undefined> {
  for (const dir of pathVariable.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; next directory
    }
  }
  return undefined;
}

async function reportedVersion(path: string, pin: ToolPin, runner: CommandRunner): Promise<string | undefined> {
  const result = await runChecked(runner, { file: path, args: [...pin.versionArgs], quiet: true });
  return parseVersion(`${result.stdout}\n${result.stderr}`);
}

/** `Version: v0.74.0` (trivy), `GitVersion: v3.1.2` (cosign), else the first x.y.z. */
export function parseVersion(text: string): string | undefined {
  const labelled = /(?:^|\s)(?:Git)?Version:\s*v?(\d+\.\d+\.\d+[^\s]*)/im.exec(text);
  if (labelled?.[1]) return labelled[1];
  return /\bv?(\d+\.\d+\.\d+[^\s]*)/.exec(text)?.[1];
}

function errorText(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

/**
 * What a version input asks for: `path` takes the tool from PATH, anything
 * else must be one of the pinned versions and is installed as pinned.
 */
export async function resolveTool(
  pins: readonly ToolPin[],
  version: string,
  options: InstallOptions,
  input = 'version',
): Promise<InstalledTool> {
  const first = pins[0];
  if (first === undefined) throw new Error('no pins given');
  if (version === FROM_PATH) return toolFromPath(first, options.runner, options.log);
  return installTool(selectPin(pins, version, input), options);
}
