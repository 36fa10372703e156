import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flatten, installedPackages, isPackageRecord, readTar, resolvePath, upstreamVersion } from '../../../packages/prebuilt/index.js';

const layer = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'buildx', 'layers', name));
const LONG =
  'usr/lib/python3.11/site-packages/a-very-long-directory-name-that-goes-on-and-on/and-on-and-on-beyond-one-hundred-bytes/module.py';

describe('readTar (layers written by GNU tar)', () => {
  it.each(['layer1-gnu.tar', 'layer1-pax.tar'])('%s: kinds, modes, link targets, long names', (file) => {
    const entries = readTar(layer(file), isPackageRecord);
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

describe('flatten', () => {
  const files = flatten([readTar(layer('layer1-pax.tar'), isPackageRecord), readTar(layer('layer2-whiteouts.tar'), isPackageRecord)]);

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
