import { describe, expect, it } from 'vitest';
import type { Capability } from '../../../packages/catalog/model.js';
import {
  checkLockDown,
  type FileEntry,
  type ImageDescription,
  type LockDownRule,
  lockDownProblems,
} from '../../../packages/prebuilt/index.js';

const file = (mode = 0o755): FileEntry => ({ kind: 'file', mode });
const link = (target: string): FileEntry => ({ kind: 'symlink', mode: 0o777, target });
const recognised = (kind: 'shell' | 'package-manager', what: string, how: string): FileEntry => ({
  kind: 'file',
  mode: 0o755,
  format: how.startsWith('a script') ? 'script' : 'elf',
  recognised: { kind, what, how },
});

/** A locked-down image: what every case starts from and changes one thing of. */
function image(change: { files?: Record<string, FileEntry>; user?: string; entrypoint?: string[]; cmd?: string[] } = {}): ImageDescription {
  const files = new Map<string, FileEntry>([
    ['/usr/bin/python3.11', file()],
    ['/usr/bin/python3', link('python3.11')],
    ['/etc/ssl/certs/ca-certificates.crt', file(0o644)],
    ['/usr/share/menu/bash', file(0o644)],
    ['/etc/cron.daily/dpkg', file(0o755)],
    ['/var/lib/dpkg/status.d', { kind: 'directory', mode: 0o755 }],
    [
      '/var/lib/dpkg/status.d/python3.11-minimal',
      { kind: 'file', mode: 0o644, content: 'Package: python3.11-minimal\nVersion: 3.11.2-6+deb12u6\n' },
    ],
  ]);
  for (const [path, entry] of Object.entries(change.files ?? {})) files.set(path, entry);
  return {
    platform: 'linux/amd64',
    digest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
    config: { user: change.user ?? '65532:65532', entrypoint: change.entrypoint ?? ['/usr/bin/python3.11'], cmd: change.cmd ?? [] },
    files,
  };
}

function failing(images: ImageDescription[], requires: Capability[] = []): Partial<Record<LockDownRule, string[]>> {
  const found: Partial<Record<LockDownRule, string[]>> = {};
  for (const result of checkLockDown(images, requires)) if (!result.passed) found[result.rule] = result.problems;
  return found;
}

describe('checkLockDown', () => {
  it('passes a locked-down image (data files named after programs are not programs)', () => {
    expect(failing([image()])).toEqual({});
  });

  it.each<{ name: string; change: Parameters<typeof image>[0]; rule: LockDownRule; problem: RegExp }>([
    { name: '/bin/sh', change: { files: { '/bin/sh': file() } }, rule: 'no-shell', problem: /has a shell: \/bin\/sh \(file\)/ },
    { name: 'bash', change: { files: { '/usr/bin/bash': file() } }, rule: 'no-shell', problem: /\/usr\/bin\/bash/ },
    { name: 'ash', change: { files: { '/bin/ash': file() } }, rule: 'no-shell', problem: /\/bin\/ash/ },
    {
      name: 'sh symlink to dash',
      change: { files: { '/usr/bin/sh': link('dash') } },
      rule: 'no-shell',
      problem: /\/usr\/bin\/sh \(symlink to dash\)/,
    },
    { name: 'busybox binary', change: { files: { '/busybox/busybox': file() } }, rule: 'no-shell', problem: /\/busybox\/busybox/ },
    {
      name: 'sh applet hard link',
      change: { files: { '/bin/sh': { kind: 'hardlink', mode: 0o755, target: '/bin/busybox' } } },
      rule: 'no-shell',
      problem: /hard link to \/bin\/busybox/,
    },
    ...['apk', 'apt', 'apt-get', 'dpkg', 'yum', 'dnf', 'rpm', 'microdnf', 'pip', 'pip3', 'pip3.11', 'npm'].map((tool) => ({
      name: `package manager ${tool}`,
      change: { files: { [`/usr/bin/${tool}`]: file() } },
      rule: 'no-package-manager' as const,
      problem: new RegExp(`has a package manager: /usr/bin/${tool.replace('.', '\\.')}$`),
    })),
    {
      name: 'busybox under another name, known by its content',
      change: { files: { '/usr/local/bin/healthcheck': recognised('shell', 'busybox', 'an ELF binary carrying "BusyBox v"') } },
      rule: 'no-shell',
      problem:
        /^linux\/amd64: has a shell: \/usr\/local\/bin\/healthcheck \(file; busybox, recognised as an ELF binary carrying "BusyBox v"\)$/,
    },
    {
      name: 'a renamed copy of dash',
      change: {
        files: {
          '/app/launcher': recognised('shell', 'dash (an Almquist shell, like ash)', 'an ELF binary carrying "turning off NDELAY mode"'),
        },
      },
      rule: 'no-shell',
      problem: /\/app\/launcher .*dash/,
    },
    {
      name: 'a script whose shebang is /bin/sh',
      change: { files: { '/app/start': recognised('shell', 'a sh script', 'a script starting #!/bin/sh') } },
      rule: 'no-shell',
      problem: /^linux\/amd64: has a shell: \/app\/start \(file; a sh script, recognised as a script starting #!\/bin\/sh\)$/,
    },
    {
      name: 'apt-get under another name, known by its content',
      change: {
        files: { '/opt/update': recognised('package-manager', 'apt-get', 'an ELF binary carrying "Usage: apt-get [options] command"') },
      },
      rule: 'no-package-manager',
      problem: /^linux\/amd64: has a package manager: \/opt\/update \(apt-get, recognised as an ELF binary/,
    },
    {
      name: 'a pip script under another name',
      change: {
        files: { '/usr/local/bin/install-deps': recognised('package-manager', 'pip', 'a Python script that runs "pip._internal"') },
      },
      rule: 'no-package-manager',
      problem: /install-deps \(pip, recognised as a Python script/,
    },
    {
      name: 'the npm module',
      change: { files: { '/usr/lib/node_modules/npm': { kind: 'directory', mode: 0o755 } } },
      rule: 'no-package-manager',
      problem: /node_modules\/npm \(the npm module, runnable with node\)/,
    },
    {
      name: 'the pip module',
      change: { files: { '/usr/lib/python3/dist-packages/pip': { kind: 'directory', mode: 0o755 } } },
      rule: 'no-package-manager',
      problem: /pip module/,
    },
    { name: 'User not set', change: { user: '' }, rule: 'non-root', problem: /runs as root \(User is not set\)/ },
    { name: 'User root', change: { user: 'root' }, rule: 'non-root', problem: /User is 'root'/ },
    { name: 'User 0', change: { user: '0' }, rule: 'non-root', problem: /User is '0'/ },
    { name: 'User 0:0', change: { user: '0:0' }, rule: 'non-root', problem: /User is '0:0'/ },
    { name: 'User 0 with another group', change: { user: '0:1000' }, rule: 'non-root', problem: /User is '0:1000'/ },
    {
      name: 'shell-form CMD',
      change: { entrypoint: [], cmd: ['/bin/sh', '-c', 'echo hi'] },
      rule: 'exec-form',
      problem: /CMD is in shell form/,
    },
    {
      name: 'shell-form ENTRYPOINT',
      change: { entrypoint: ['/bin/sh', '-c', 'exec app'] },
      rule: 'exec-form',
      problem: /ENTRYPOINT is in shell form/,
    },
    { name: 'neither ENTRYPOINT nor CMD', change: { entrypoint: [], cmd: [] }, rule: 'exec-form', problem: /neither ENTRYPOINT nor CMD/ },
  ])('fails: $name', ({ change, rule, problem }) => {
    const found = failing([image(change)]);
    expect(Object.keys(found)).toEqual([rule]);
    expect(found[rule]).toEqual([expect.stringMatching(problem)]);
  });

  it.each([
    { name: 'a non-root uid', user: '65532' },
    { name: 'a named user', user: 'app' },
    { name: 'uid and gid', user: '1000:1000' },
  ])('accepts $name', ({ user }) => {
    expect(failing([image({ user })])).toEqual({});
  });

  it('accepts an exec-form CMD that runs a script through python', () => {
    expect(failing([image({ entrypoint: [], cmd: ['/usr/bin/python3.11', '-c', 'print(1)'] })])).toEqual({});
  });

  describe('capabilities', () => {
    it.each<{ name: string; requires: Capability[]; files?: Record<string, FileEntry>; problem?: RegExp }>([
      { name: 'binary present', requires: [{ kind: 'binary', path: '/usr/bin/python3.11' }] },
      { name: 'binary through a symlink', requires: [{ kind: 'binary', path: '/usr/bin/python3' }] },
      { name: 'binary missing', requires: [{ kind: 'binary', path: '/usr/bin/node' }], problem: /lacks the binary \/usr\/bin\/node/ },
      {
        name: 'binary not executable',
        requires: [{ kind: 'binary', path: '/app/run' }],
        files: { '/app/run': file(0o644) },
        problem: /binary \/app\/run is not executable \(mode 644\)/,
      },
      { name: 'file present', requires: [{ kind: 'file', path: '/etc/ssl/certs/ca-certificates.crt' }] },
      { name: 'file missing', requires: [{ kind: 'file', path: '/etc/krb5.conf' }], problem: /lacks the file \/etc\/krb5.conf/ },
      { name: 'a directory is not a file', requires: [{ kind: 'file', path: '/var/lib/dpkg/status.d' }], problem: /is a directory/ },
      { name: 'package in range', requires: [{ kind: 'package', name: 'python3.11-minimal', range: '>=3.11 <3.12' }] },
      { name: 'package without range', requires: [{ kind: 'package', name: 'python3.11-minimal' }] },
      {
        name: 'package out of range',
        requires: [{ kind: 'package', name: 'python3.11-minimal', range: '>=3.12' }],
        problem: /package python3.11-minimal is 3.11.2-6\+deb12u6, not in >=3.12/,
      },
      { name: 'package missing', requires: [{ kind: 'package', name: 'openssl', range: '>=3' }], problem: /lacks the package openssl >=3/ },
    ])('$name', ({ requires, files, problem }) => {
      const found = failing([image(files ? { files } : {})], requires);
      if (problem) expect(found).toEqual({ capabilities: [expect.stringMatching(problem)] });
      else expect(found).toEqual({});
    });
  });

  it('many shell scripts make one problem naming the first few, not one each', () => {
    const scripts = Object.fromEntries(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => [`/usr/bin/${n}`, recognised('shell', 'a sh script', 'a script starting #!/bin/sh')]),
    );
    expect(failing([image({ files: scripts })])).toEqual({
      'no-shell': [
        'linux/amd64: has 7 scripts that need a shell to run: /usr/bin/a (#!/bin/sh), /usr/bin/b (#!/bin/sh), /usr/bin/c (#!/bin/sh), /usr/bin/d (#!/bin/sh), /usr/bin/e (#!/bin/sh) and 2 more',
      ],
    });
  });

  it('checks every platform and names the one that fails', () => {
    const arm = { ...image({ files: { '/bin/sh': file() } }), platform: 'linux/arm64' };
    expect(lockDownProblems(checkLockDown([image(), arm], []))).toEqual(['no-shell: linux/arm64: has a shell: /bin/sh (file)']);
  });

  it('lists every problem of a thoroughly non-compliant image, rule by rule', () => {
    const bad = image({
      user: '',
      entrypoint: [],
      cmd: ['/bin/sh', '-c', 'echo hi'],
      files: { '/bin/sh': file(), '/usr/bin/apt-get': file() },
    });
    const problems = lockDownProblems(checkLockDown([bad], [{ kind: 'binary', path: '/usr/bin/node' }]));
    expect(problems.map((p) => p.split(':')[0])).toEqual(['no-shell', 'no-package-manager', 'non-root', 'exec-form', 'capabilities']);
  });
});
