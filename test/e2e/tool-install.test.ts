import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../packages/logging/index.js';
import { ExecRunner } from '../../packages/process/index.js';
import {
  ActionsDownloader,
  ActionsToolCache,
  ChecksumMismatchError,
  currentPlatform,
  installTool,
  resolveTool,
  type ToolPin,
} from '../../packages/tool-install/index.js';
import { TRIVY_PINS } from '../../packages/trivy/index.js';
import { lab } from './lab.js';

/**
 * The installer's download path for real: @actions/tool-cache downloading
 * from a release server on loopback, real tar, the runner's tool-cache layout
 * in a temp RUNNER_TOOL_CACHE, and the installed executable run for its
 * version. The archive is made here with tar, holding a small executable.
 */

const VERSION = '9.9.9';
const ARCHIVE = `demo_${VERSION}_Linux-64bit.tar.gz`;
const CHECKSUMS = `demo_${VERSION}_checksums.txt`;

let work: string;
let server: Server;
let base: string;
/** What the server serves, by path; edited per test. */
let files: Map<string, Buffer>;
let hits: string[];
let archive: Buffer;
let savedEnv: NodeJS.ProcessEnv;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

function makeArchive(script: string): Buffer {
  const dir = mkdtempSync(join(work, 'archive-'));
  mkdirSync(join(dir, 'content'));
  writeFileSync(join(dir, 'content', 'demo'), script);
  chmodSync(join(dir, 'content', 'demo'), 0o755);
  writeFileSync(join(dir, 'content', 'LICENSE'), 'demo licence\n');
  execFileSync('tar', ['-czf', join(dir, 'out.tar.gz'), '-C', join(dir, 'content'), 'demo', 'LICENSE']);
  return readFileSync(join(dir, 'out.tar.gz'));
}

function pin(overrides: Partial<ToolPin> = {}): ToolPin {
  return {
    name: 'demo',
    version: VERSION,
    releaseBase: `${base}/releases/download`,
    tag: `v${VERSION}`,
    checksumsFile: CHECKSUMS,
    versionArgs: ['--version'],
    assets: { [currentPlatform()]: { file: ARCHIVE, sha256: sha256(archive), format: 'tar.gz' } },
    ...overrides,
  };
}

function options(log = new MemoryLogger(), mirror?: string) {
  return {
    cache: new ActionsToolCache(),
    downloader: new ActionsDownloader(),
    runner: new ExecRunner(),
    log,
    tempDir: join(work, 'temp'),
    ...(mirror !== undefined ? { mirror } : {}),
  };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tool-install-e2e-'));
  archive = makeArchive(`#!/bin/sh\necho "Version: v${VERSION}"\n`);
  server = createServer((request, response) => {
    const path = request.url ?? '';
    hits.push(path);
    const body = files.get(path);
    if (body === undefined) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  savedEnv = { ...process.env };
  process.env.RUNNER_TOOL_CACHE = mkdtempSync(join(work, 'tool-cache-'));
  process.env.RUNNER_TEMP = join(work, 'temp');
  hits = [];
  files = new Map([
    [`/releases/download/v${VERSION}/${ARCHIVE}`, archive],
    [
      `/releases/download/v${VERSION}/${CHECKSUMS}`,
      Buffer.from(`${sha256(archive)}  ${ARCHIVE}\n${'0'.repeat(64)}  demo_${VERSION}_Linux-ARM64.tar.gz\n`),
    ],
  ]);
});

afterEach(() => {
  process.env = savedEnv;
});

const cachedVersions = () =>
  readdirSync(process.env.RUNNER_TOOL_CACHE ?? '').flatMap((tool) => readdirSync(join(process.env.RUNNER_TOOL_CACHE ?? '', tool)));

describe('installTool against a release server on loopback', () => {
  it('downloads the archive, checks it against the pin and the checksums file, unpacks, caches and runs it', async () => {
    const installed = await installTool(pin(), options());
    expect(installed).toMatchObject({ name: 'demo', version: VERSION, source: 'download' });
    expect(installed.path.startsWith(process.env.RUNNER_TOOL_CACHE ?? '?')).toBe(true);
    expect(execFileSync(installed.path, ['--version'], { encoding: 'utf8' })).toBe(`Version: v${VERSION}\n`);
    expect(hits).toEqual([`/releases/download/v${VERSION}/${ARCHIVE}`, `/releases/download/v${VERSION}/${CHECKSUMS}`]);

    const again = await installTool(pin(), options());
    expect(again).toMatchObject({ source: 'cache', path: installed.path });
    expect(hits).toHaveLength(2);
  });

  it('refuses a tampered archive: says which file, expected and actual; caches nothing', async () => {
    const tampered = makeArchive('#!/bin/sh\necho "Version: v9.9.9"; cat ~/.docker/config.json\n');
    files.set(`/releases/download/v${VERSION}/${ARCHIVE}`, tampered);
    const error = await installTool(pin(), options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as Error).message).toContain(`refusing ${ARCHIVE} downloaded from ${base}/releases/download/v${VERSION}/${ARCHIVE}`);
    expect((error as Error).message).toContain(`its SHA-256 is ${sha256(tampered)}, but the pin is ${sha256(archive)}`);
    expect(cachedVersions()).toEqual([]);
    expect(readdirSync(join(work, 'temp'))).toEqual([]);
  });

  it('refuses when the release’s checksums file no longer lists the pinned checksum', async () => {
    files.set(`/releases/download/v${VERSION}/${CHECKSUMS}`, Buffer.from(`${'f'.repeat(64)}  ${ARCHIVE}\n`));
    const error = await installTool(pin(), options()).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`but the release's ${CHECKSUMS} says is ${sha256(archive)}`);
    expect(cachedVersions()).toEqual([]);
  });

  it('a release without its checksums file: the pin alone decides, with a warning', async () => {
    files.delete(`/releases/download/v${VERSION}/${CHECKSUMS}`);
    const log = new MemoryLogger();
    expect((await installTool(pin(), options(log))).source).toBe('download');
    expect(log.messages('warning')[0]).toMatch(/could not read .*HTTP 404.*the pinned SHA-256 alone vouches/);
  });

  it('a 404 fails, naming the URL and the status; nothing cached', async () => {
    files.delete(`/releases/download/v${VERSION}/${ARCHIVE}`);
    await expect(installTool(pin(), options())).rejects.toThrow(
      `could not download ${base}/releases/download/v${VERSION}/${ARCHIVE}: HTTP 404`,
    );
    expect(cachedVersions()).toEqual([]);
  });

  it('downloads through a mirror base URL, the checksum still applying', async () => {
    files = new Map([[`/mirror/v${VERSION}/${ARCHIVE}`, archive]]);
    const installed = await installTool(
      pin({ checksumsFile: undefined as unknown as string }),
      options(new MemoryLogger(), `${base}/mirror`),
    );
    expect(installed.source).toBe('download');
    expect(hits).toEqual([`/mirror/v${VERSION}/${ARCHIVE}`]);
  });
});

describe('resolveTool with version `path`', () => {
  it('takes the lab’s trivy from PATH and reports the version it prints', async () => {
    process.env.PATH = `${join(lab().bin.trivy, '..')}:${process.env.PATH ?? ''}`;
    const log = new MemoryLogger();
    const tool = await resolveTool(TRIVY_PINS, 'path', options(log), 'trivy-version');
    expect(tool).toMatchObject({ name: 'trivy', version: '0.74.0', source: 'path' });
    expect(log.messages('info')[0]).toMatch(/^trivy 0\.74\.0: taken from PATH \(.*\), as asked; no checksum applies$/);
  });

  it('says so when there is none on PATH', async () => {
    process.env.PATH = join(work, 'empty');
    await expect(resolveTool(TRIVY_PINS, 'path', options(), 'trivy-version')).rejects.toThrow(/there is no 'trivy' on PATH/);
  });
});
