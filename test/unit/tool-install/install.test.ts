import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../../packages/logging/index.js';
import type { Command, CommandResult, CommandRunner } from '../../../packages/process/index.js';
import {
  ChecksumMismatchError,
  DirectoryToolCache,
  DownloadError,
  type Downloader,
  installTool,
  type ToolPin,
} from '../../../packages/tool-install/index.js';

/** Serves files from a map of URL to local path; anything else is a 404. */
class MapDownloader implements Downloader {
  readonly fetched: string[] = [];
  constructor(private readonly files: Record<string, string>) {}
  async download(url: string, dest: string): Promise<void> {
    this.fetched.push(url);
    const source = this.files[url];
    if (source === undefined) throw new DownloadError(url, 404);
    copyFileSync(source, dest);
  }
}

/** Answers the tool's version command; the e2e test runs real executables and real tar. */
const versionRunner: CommandRunner = {
  run: async (_command: Command): Promise<CommandResult> => ({ exitCode: 0, stdout: 'GitVersion: v3.1.2\n', stderr: '' }),
};

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('installTool, a bare binary (cosign’s shape)', () => {
  let work: string;
  let binary: string;
  let pin: ToolPin;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'install-test-'));
    binary = join(work, 'cosign-linux-amd64');
    writeFileSync(binary, '#!/bin/sh\necho "GitVersion: v3.1.2"\n');
    pin = {
      name: 'cosign',
      version: '3.1.2',
      releaseBase: 'https://github.com/sigstore/cosign/releases/download',
      tag: 'v3.1.2',
      versionArgs: ['version'],
      assets: { 'linux-x64': { file: 'cosign-linux-amd64', sha256: sha256(binary), format: 'binary' } },
    };
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const options = (downloader: Downloader, cache: DirectoryToolCache, mirror?: string) => ({
    cache,
    downloader,
    runner: versionRunner,
    log: new MemoryLogger(),
    tempDir: join(work, 'temp'),
    platform: 'linux-x64',
    ...(mirror !== undefined ? { mirror } : {}),
  });

  it('downloads, verifies, installs under the tool’s name and caches; the second time comes from the cache', async () => {
    const cache = new DirectoryToolCache(join(work, 'cache'));
    const downloader = new MapDownloader({ 'https://github.com/sigstore/cosign/releases/download/v3.1.2/cosign-linux-amd64': binary });
    const first = await installTool(pin, options(downloader, cache));
    expect(first).toMatchObject({
      name: 'cosign',
      version: '3.1.2',
      source: 'download',
      path: join(work, 'cache', 'cosign', '3.1.2', 'x64', 'cosign'),
    });
    const second = await installTool(pin, options(downloader, cache));
    expect(second).toMatchObject({ source: 'cache', path: first.path });
    expect(downloader.fetched).toHaveLength(1);
  });

  it('uses the mirror for the download', async () => {
    const downloader = new MapDownloader({ 'https://mirror.corp/cosign/v3.1.2/cosign-linux-amd64': binary });
    const installed = await installTool(
      pin,
      options(downloader, new DirectoryToolCache(join(work, 'cache')), 'https://mirror.corp/cosign/'),
    );
    expect(installed.source).toBe('download');
  });

  it('refuses a file whose SHA-256 is not the pin’s, saying which file, expected and actual; caches nothing', async () => {
    const tampered = join(work, 'tampered');
    writeFileSync(tampered, '#!/bin/sh\necho stealing credentials\n');
    const cache = new DirectoryToolCache(join(work, 'cache'));
    const downloader = new MapDownloader({ 'https://github.com/sigstore/cosign/releases/download/v3.1.2/cosign-linux-amd64': tampered });
    const error = await installTool(pin, options(downloader, cache)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as Error).message).toContain(
      `refusing cosign-linux-amd64 downloaded from https://github.com/sigstore/cosign/releases/download/v3.1.2/cosign-linux-amd64`,
    );
    expect((error as Error).message).toContain(`its SHA-256 is ${sha256(tampered)}, but the pin is ${pin.assets['linux-x64']?.sha256}`);
    expect(await cache.entries()).toEqual([]);
    expect(readdirSync(join(work, 'temp'))).toEqual([]);
  });

  it('a 404 from the mirror is the user’s to fix, naming the mirror input', async () => {
    const error = await installTool(
      pin,
      options(new MapDownloader({}), new DirectoryToolCache(join(work, 'cache')), 'https://mirror.corp/x'),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /could not download https:\/\/mirror\.corp\/x\/v3\.1\.2\/cosign-linux-amd64: HTTP 404 \(the mirror/,
    );
  });
});
