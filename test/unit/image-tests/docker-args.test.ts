import { describe, expect, it } from 'vitest';
import type { ImageTest } from '../../../packages/catalog/index.js';
import { effectiveCommand, runArguments } from '../../../packages/image-tests/index.js';

const IMAGE = `127.0.0.1:5001/org/app@sha256:${'b'.repeat(64)}`;
const base: ImageTest = { name: 'prints its version', env: {}, tmpfs: [], expect: { exit: 0 }, timeout: 60, memory: '512m' };
/** What every test runs under, flag by flag. */
const LOCKED = [
  ['--platform', 'linux/arm64'],
  ['--pull', 'never'],
  ['--read-only'],
  ['--cap-drop', 'ALL'],
  ['--security-opt', 'no-new-privileges'],
  ['--pids-limit', '256'],
];

describe('runArguments', () => {
  const cases: Array<{
    name: string;
    test: Partial<ImageTest>;
    detached?: boolean;
    contains: string[][];
    tail: string[];
    absent?: string[];
  }> = [
    {
      name: 'a command test: attached, removed on exit, no network, the image’s own user, args after the image',
      test: { args: ['--version'] },
      contains: [['--rm'], ['--network', 'none'], ['--memory', '512m', '--memory-swap', '512m']],
      tail: [IMAGE, '--version'],
      absent: ['--user', '--detach', '--publish', '--entrypoint', 'sh', '-c'],
    },
    {
      name: 'arguments with shell syntax stay single arguments',
      test: { args: ['-c', 'import os; print(os.environ["HOME"]) && $(id)'] },
      contains: [],
      tail: [IMAGE, '-c', 'import os; print(os.environ["HOME"]) && $(id)'],
    },
    {
      name: 'an entrypoint: the executable as --entrypoint, the rest before the args',
      test: { entrypoint: ['/usr/bin/python3.11', '-I'], args: ['-c', 'pass'] },
      contains: [['--entrypoint', '/usr/bin/python3.11']],
      tail: [IMAGE, '-I', '-c', 'pass'],
    },
    {
      name: 'a port test: detached, published on loopback only, with a network',
      test: { port: 8080, http: { path: '/healthz', status: 200 } },
      detached: true,
      contains: [['--detach'], ['--publish', '127.0.0.1::8080']],
      tail: [IMAGE],
      absent: ['--rm', '--network'],
    },
    {
      name: 'env, tmpfs and memory as given',
      test: { env: { PORT: '9090', GREETING: 'a b' }, tmpfs: ['/tmp', '/var/cache/app'], memory: '64m' },
      contains: [
        ['--env', 'PORT=9090'],
        ['--env', 'GREETING=a b'],
        ['--tmpfs', '/tmp:rw,nosuid,nodev,size=64m'],
        ['--tmpfs', '/var/cache/app:rw,nosuid,nodev,size=64m'],
        ['--memory', '64m', '--memory-swap', '64m'],
      ],
      tail: [IMAGE],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const args = runArguments(
        { ...base, ...c.test },
        { name: 'image-test-1', image: IMAGE, platform: 'linux/arm64', detached: c.detached ?? false },
      );
      const joined = `\0${args.join('\0')}\0`;
      expect(args.slice(0, 5)).toEqual(['run', '--name', 'image-test-1', '--label', 'org.image-actions.test=prints its version']);
      for (const part of [...LOCKED, ...c.contains]) expect(joined, part.join(' ')).toContain(`\0${part.join('\0')}\0`);
      expect(args.slice(-c.tail.length)).toEqual(c.tail);
      for (const flag of c.absent ?? []) expect(args.slice(0, args.indexOf(IMAGE)), flag).not.toContain(flag);
    });
  }
});

describe('effectiveCommand', () => {
  const config = { entrypoint: ['/bin/cat', '/etc/version'], cmd: ['/etc/extra'] };
  const cases: Array<{ name: string; test: Partial<ImageTest>; image?: typeof config; want: string[] }> = [
    { name: 'neither: the image’s ENTRYPOINT and CMD', test: {}, want: ['/bin/cat', '/etc/version', '/etc/extra'] },
    { name: 'args replace CMD and keep ENTRYPOINT', test: { args: ['/plugins/aws'] }, want: ['/bin/cat', '/etc/version', '/plugins/aws'] },
    { name: 'an entrypoint drops the CMD, as docker does', test: { entrypoint: ['/bin/ls'] }, want: ['/bin/ls'] },
    {
      name: 'no ENTRYPOINT: args are the command',
      test: { args: ['/bin/sh', '-c', 'x'] },
      image: { entrypoint: [], cmd: [] },
      want: ['/bin/sh', '-c', 'x'],
    },
  ];
  for (const c of cases) it(c.name, () => expect(effectiveCommand({ ...base, ...c.test }, c.image ?? config)).toEqual(c.want));
});
