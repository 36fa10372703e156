import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type FileEntry,
  flatten,
  installedPackages,
  isPackageRecord,
  packageRecords,
  readLayer,
  resolvePath,
  type TarEntry,
  uncompressed,
  upstreamVersion,
} from '../../../packages/prebuilt/index.js';
import { elf, R, RX } from '../../harness/elf.js';

const layer = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'buildx', 'layers', name));
const LONG =
  'usr/lib/python3.11/site-packages/a-very-long-directory-name-that-goes-on-and-on/and-on-and-on-beyond-one-hundred-bytes/module.py';

describe('readLayer (layers written by GNU tar)', () => {
  it.each(['layer1-gnu.tar', 'layer1-pax.tar'])('%s: kinds, modes, link targets, long names', async (file) => {
    const entries = await readLayer(layer(file), { wantContent: isPackageRecord });
    const byPath = new Map(entries.map((e) => [e.path, e]));
    expect(byPath.get('bin/busybox')).toMatchObject({ kind: 'file', mode: 0o755 });
    expect(byPath.get('bin/sh')).toMatchObject({ kind: 'symlink', target: 'busybox' });
    expect(byPath.get('bin/ash')).toMatchObject({ kind: 'symlink', target: '/bin/busybox' });
    expect(byPath.get('usr/bin/python3.11')).toMatchObject({ kind: 'hardlink', target: 'usr/bin/python3' });
    expect(byPath.get('etc/keep.conf')).toMatchObject({ kind: 'file', mode: 0o644 });
    expect(byPath.get('etc')).toMatchObject({ kind: 'directory' });
    expect(byPath.has(LONG)).toBe(true);
    expect(byPath.get('var/lib/dpkg/status.d/python3.11-minimal')?.content?.toString()).toContain('Version: 3.11.2-6+deb12u6');
    expect(byPath.get('etc/keep.conf')?.content).toBeUndefined();
  });
});

/**
 * The GNU tar fixture with one header's size rewritten in base-256 (the high
 * bit of the field's first byte set, the number big-endian in the rest), as
 * Go's archive/tar and GNU tar write sizes that do not fit eleven octal
 * digits, and the header checksum made right again.
 */
function withBase256Size(tar: Buffer, name: string): Buffer {
  const out = Buffer.from(tar);
  for (let at = 0; at + 512 <= out.length; at += 512) {
    const header = out.subarray(at, at + 512);
    if (header.subarray(0, 100).toString('latin1').replace(/\0.*$/s, '') !== name) continue;
    const size = Number.parseInt(header.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim(), 8);
    header.fill(0, 124, 136);
    header[124] = 0x80;
    header.writeUIntBE(size, 136 - 6, 6);
    header.fill(0x20, 148, 156);
    const sum = header.reduce((total, byte) => total + byte, 0);
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    return out;
  }
  throw new Error(`no entry ${name}`);
}

/** A tar written by tar-stream's packer (GNU tar's own output is in the fixtures). */
async function packed(files: Array<{ name: string; mode: number; content: Buffer }>): Promise<Buffer> {
  const tar = pack();
  for (const file of files) tar.entry({ name: file.name, mode: file.mode, size: file.content.length }, file.content);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('readLayer: what a streaming reader must get right', () => {
  it('a size written in base-256 is read as that size, and the entries after it stay in step', async () => {
    const name = './var/lib/dpkg/status.d/python3.11-minimal';
    const patched = withBase256Size(layer('layer1-gnu.tar'), name);
    expect(patched.equals(layer('layer1-gnu.tar'))).toBe(false);
    const entries = await readLayer(patched, { wantContent: isPackageRecord });
    const record = entries.find((e) => e.path === 'var/lib/dpkg/status.d/python3.11-minimal');
    expect(record).toMatchObject({ size: 83 });
    expect(record?.content?.toString()).toMatch(/^Package: python3.11-minimal\n/);
    expect(entries.map((e) => e.path)).toEqual((await readLayer(layer('layer1-gnu.tar'))).map((e) => e.path));
  });

  it('reads a gzip layer through the decompressor, and a stream that arrives in small pieces', async () => {
    const expected = (await readLayer(layer('layer1-pax.tar'))).map((e) => e.path);
    const gz = gzipSync(layer('layer1-pax.tar'));
    expect((await readLayer(uncompressed(gz, 'application/vnd.oci.image.layer.v1.tar+gzip'))).map((e) => e.path)).toEqual(expected);
    const tar = layer('layer1-pax.tar');
    const pieces = Array.from({ length: Math.ceil(tar.length / 97) }, (_, i) => tar.subarray(i * 97, (i + 1) * 97));
    expect((await readLayer(Readable.from(pieces))).map((e) => e.path)).toEqual(expected);
  });

  it('a corrupt layer fails, it is never read as empty', async () => {
    const bad = Buffer.from(layer('layer1-gnu.tar'));
    bad.fill(0x41, 512 * 2, 512 * 3);
    await expect(readLayer(bad)).rejects.toThrow(/tar/i);
  });

  it('recognises an executable by its content, under any name, and keeps no bytes of it', async () => {
    const busybox = elf([
      { flags: RX, bytes: Buffer.alloc(70_000, 0x90) },
      { flags: R, bytes: 'BusyBox v1.35.0 (Debian 1:1.35.0-4)' },
    ]);
    const tar = await packed([
      { name: 'usr/local/bin/healthcheck', mode: 0o755, content: busybox },
      { name: 'usr/local/share/busybox-copy', mode: 0o644, content: busybox },
      { name: 'app/run', mode: 0o755, content: Buffer.from('#!/bin/sh\nexec /app/server\n') },
    ]);
    const entries = await readLayer(tar, { recognise: true, wantContent: isPackageRecord });
    const byPath = new Map(entries.map((e) => [e.path, e]));
    expect(byPath.get('usr/local/bin/healthcheck')).toMatchObject({ recognised: { kind: 'shell', what: 'busybox' }, format: 'elf' });
    expect(byPath.get('usr/local/bin/healthcheck')?.content).toBeUndefined();
    expect(byPath.get('app/run')).toMatchObject({ recognised: { kind: 'shell', what: 'a sh script' }, format: 'script' });
    // Not executable: it cannot be run, and is not probed.
    expect(byPath.get('usr/local/share/busybox-copy')?.recognised).toBeUndefined();
  });
});

describe('flatten', () => {
  let files: Map<string, FileEntry>;
  beforeAll(async () => {
    files = flatten([
      await readLayer(layer('layer1-pax.tar'), { wantContent: isPackageRecord }),
      await readLayer(layer('layer2-whiteouts.tar'), { wantContent: isPackageRecord }),
    ]);
  });

  it.each([
    { name: '.wh.<name> deletes a lower file', path: '/bin/ash', present: false },
    { name: 'an opaque directory hides what lower layers put in it', path: '/etc/keep.conf', present: false },
    { name: 'an opaque directory hides lower subdirectories too', path: '/etc/old/a.conf', present: false },
    { name: 'the upper layer adds to the opaque directory', path: '/etc/new.conf', present: true },
    { name: 'untouched files stay', path: '/bin/busybox', present: true },
    { name: 'whiteout markers are not files', path: '/bin/.wh.ash', present: false },
  ])('$name', ({ path, present }) => {
    expect(files.has(path)).toBe(present);
  });

  it('a hard link takes the mode of the file it links to', () => {
    expect(files.get('/usr/bin/python3.11')).toMatchObject({ kind: 'hardlink', mode: 0o755, target: '/usr/bin/python3' });
  });

  it('a hard link is what its target was recognised as, even from a lower layer', () => {
    const shell = { kind: 'shell' as const, what: 'busybox', how: 'an ELF binary carrying "BusyBox v"' };
    const linked = flatten([
      [{ path: 'bin/busybox', kind: 'file', mode: 0o755, size: 1, recognised: shell, format: 'elf' }],
      [{ path: 'usr/local/bin/healthcheck', kind: 'hardlink', mode: 0o644, size: 0, target: 'bin/busybox' }],
    ]);
    expect(linked.get('/usr/local/bin/healthcheck')).toMatchObject({ mode: 0o755, recognised: shell, format: 'elf' });
  });

  it('a whiteout removes a whole directory tree, and only it', () => {
    const tree: TarEntry[] = [
      { path: 'opt', kind: 'directory', mode: 0o755, size: 0 },
      { path: 'opt/tool', kind: 'directory', mode: 0o755, size: 0 },
      { path: 'opt/tool/bin/run', kind: 'file', mode: 0o755, size: 1 },
      { path: 'opt/tool-2/run', kind: 'file', mode: 0o755, size: 1 },
    ];
    const removed = flatten([tree, [{ path: 'opt/.wh.tool', kind: 'file', mode: 0o644, size: 0 }]]);
    expect([...removed.keys()].sort()).toEqual(['/opt', '/opt/tool-2/run']);
  });

  it('a later layer replaces a file by a symlink', () => {
    const replaced = flatten([
      [{ path: 'bin/sh', kind: 'file', mode: 0o755, size: 1 }],
      [{ path: 'bin/sh', kind: 'symlink', mode: 0o777, size: 0, target: 'dash' }],
    ]);
    expect(replaced.get('/bin/sh')).toEqual({ kind: 'symlink', mode: 0o777, target: 'dash' });
  });
});

describe('resolvePath', () => {
  const files = flatten([
    [
      { path: 'usr', kind: 'directory', mode: 0o755, size: 0 },
      { path: 'usr/bin', kind: 'directory', mode: 0o755, size: 0 },
      { path: 'usr/bin/python3.11', kind: 'file', mode: 0o755, size: 1 },
      { path: 'usr/bin/python3', kind: 'symlink', mode: 0o777, size: 0, target: 'python3.11' },
      { path: 'bin', kind: 'symlink', mode: 0o777, size: 0, target: 'usr/bin' },
      { path: 'loop', kind: 'symlink', mode: 0o777, size: 0, target: '/loop' },
      { path: 'up', kind: 'symlink', mode: 0o777, size: 0, target: '../usr/./bin/../bin/python3' },
    ],
  ]);
  it.each([
    { name: 'a plain file', path: '/usr/bin/python3.11', resolved: '/usr/bin/python3.11' },
    { name: 'a relative symlink', path: '/usr/bin/python3', resolved: '/usr/bin/python3.11' },
    { name: 'a symlinked directory on the way (merged /usr)', path: '/bin/python3', resolved: '/usr/bin/python3.11' },
    { name: '.. and . in a target', path: '/up', resolved: '/usr/bin/python3.11' },
    { name: 'a missing file', path: '/usr/bin/python2', resolved: undefined },
    { name: 'a symlink loop', path: '/loop', resolved: undefined },
  ])('$name', ({ path, resolved }) => {
    expect(resolvePath(files, path)?.path).toBe(resolved);
  });
});

describe('installed packages', () => {
  const text = (content: string) => ({ kind: 'file' as const, mode: 0o644, content });
  const files = new Map([
    [
      '/var/lib/dpkg/status',
      text(
        'Package: libc6\nStatus: install ok installed\nVersion: 2.36-9+deb12u10\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 1.0-1\n',
      ),
    ],
    ['/var/lib/dpkg/status.d/python3.11-minimal', text('Package: python3.11-minimal\nVersion: 3.11.2-6+deb12u6\nArchitecture: amd64\n')],
    ['/lib/apk/db/installed', text('C:Q1abc=\nP:musl\nV:1.2.5-r0\n\nP:busybox\nV:1.36.1-r15\n')],
    ['/usr/lib/python3/site-packages/requests-2.31.0.dist-info/METADATA', text('Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\n')],
  ]);

  it('reads dpkg status, status.d, apk and Python records; removed packages are not installed', () => {
    expect(
      installedPackages(files)
        .map((p) => `${p.source}:${p.name}=${p.version}`)
        .sort(),
    ).toEqual([
      'apk:busybox=1.36.1-r15',
      'apk:musl=1.2.5-r0',
      'dpkg:libc6=2.36-9+deb12u10',
      'dpkg:python3.11-minimal=3.11.2-6+deb12u6',
      'python:requests=2.31.0',
    ]);
  });

  it('reads node modules and egg-info too, and names an rpm database it cannot list', () => {
    const more = new Map<string, FileEntry>([
      ['/app/node_modules/express/package.json', text('{"name": "express", "version": "4.21.2"}')],
      ['/app/node_modules/@types/node/package.json', text('{"name": "@types/node", "version": "24.19.2"}')],
      ['/app/node_modules/express/node_modules/debug/package.json', text('{"name": "debug", "version": "2.6.9"}')],
      ['/app/node_modules/broken/package.json', text('{"name": "broken"}')],
      ['/app/node_modules/express/lib/package.json', text('{"name": "not-a-module-record", "version": "1.0.0"}')],
      ['/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO', text('Metadata-Version: 1.1\nName: six\nVersion: 1.16.0\n')],
      ['/var/lib/rpm/rpmdb.sqlite', { kind: 'file' as const, mode: 0o644 }],
    ]);
    const records = packageRecords(more);
    expect(records.packages.map((p) => `${p.source}:${p.name}=${p.version}`).sort()).toEqual([
      'node:@types/node=24.19.2',
      'node:debug=2.6.9',
      'node:express=4.21.2',
      'python:six=1.16.0',
    ]);
    expect(records.unlisted).toEqual([{ source: 'rpm', path: '/var/lib/rpm/rpmdb.sqlite' }]);
    expect(records.packages.find((p) => p.name === 'six')?.record).toBe('/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO');
  });

  it.each([
    { path: 'var/lib/dpkg/status', kept: true },
    { path: 'var/lib/dpkg/status.d/libc6', kept: true },
    { path: 'var/lib/dpkg/status.d/libc6.md5sums', kept: false },
    { path: 'app/node_modules/@scope/name/package.json', kept: true },
    { path: 'app/package.json', kept: false },
    { path: 'app/node_modules/x/lib/package.json', kept: false },
  ])('keeps the text of $path: $kept', ({ path, kept }) => {
    expect(isPackageRecord(path)).toBe(kept);
  });

  it.each([
    { version: '3.11.2-6+deb12u6', expected: '3.11.2' },
    { version: '1:2.39.2-1.1', expected: '2.39.2' },
    { version: '1.36.1-r15', expected: '1.36.1' },
    { version: '3.11', expected: '3.11.0' },
    { version: '20230311', expected: '20230311.0.0' },
    { version: 'git-abc', expected: undefined },
  ])('upstream version of $version', ({ version, expected }) => {
    expect(upstreamVersion(version)).toBe(expected);
  });
});
