import { describe, expect, it } from 'vitest';
import { ContentProbe, ELF_SIGNATURES, readOnlyRanges, shebang } from '../../../packages/prebuilt/index.js';
import { elf, R, RW, RX } from '../../harness/elf.js';

/** Feeds `bytes` to a probe in chunks of `chunk` bytes, as a layer stream would. */
function probe(bytes: Buffer, chunk = 7) {
  const p = new ContentProbe(bytes.length);
  for (let i = 0; i < bytes.length; i += chunk) p.push(bytes.subarray(i, i + chunk));
  return p.result();
}

describe('ContentProbe: ELF binaries by their read-only data', () => {
  it.each(ELF_SIGNATURES.map((s) => ({ name: s.what, signature: s })))('$name', ({ signature }) => {
    const rodata = `padding\0${signature.all.join('\0more\0')}\0end`;
    const found = probe(
      elf([
        { flags: RX, bytes: 'code code code' },
        { flags: R, bytes: rodata },
      ]),
    );
    expect(found).toMatchObject({ kind: signature.kind, what: signature.what });
    expect(found?.how).toContain(JSON.stringify(signature.all[0]));
  });

  it.each([
    { name: 'in one chunk', chunk: 1 << 16 },
    { name: 'split across chunks of 3 bytes', chunk: 3 },
    { name: 'one byte at a time', chunk: 1 },
  ])('finds a signature $name', ({ chunk }) => {
    expect(probe(elf([{ flags: R, bytes: 'xxxxBusyBox v1.35.0yyyy' }]), chunk)?.what).toBe('busybox');
  });

  it('looks only in read-only data: a signature in code or in writable data does not count', () => {
    const bytes = elf([
      { flags: RX, bytes: 'BusyBox v1 in the code' },
      { flags: RW, bytes: 'GNU bash, version in data' },
      { flags: R, bytes: 'plain strings of some program' },
    ]);
    expect(probe(bytes)).toBeUndefined();
  });

  it('falls back to every non-writable segment when none is read-only (an old linker)', () => {
    expect(
      probe(
        elf([
          { flags: RX, bytes: 'text and GNU bash, version 5.2' },
          { flags: RW, bytes: 'data' },
        ]),
      )?.what,
    ).toBe('bash');
  });

  it('needs every string of a signature', () => {
    expect(probe(elf([{ flags: R, bytes: 'apk-tools 2.14.4 and nothing else' }]))).toBeUndefined();
    expect(probe(elf([{ flags: R, bytes: 'apk-tools 2.14.4, compiled for x86_64.' }]))?.what).toBe('apk');
  });

  it.each([
    { name: '32-bit little-endian', options: { wide: false } },
    { name: '64-bit big-endian (s390x)', options: { big: true } },
    { name: '32-bit big-endian', options: { wide: false, big: true } },
  ])('reads $name program headers', ({ options }) => {
    expect(
      probe(
        elf(
          [
            { flags: RX, bytes: 'code' },
            { flags: R, bytes: '@(#)MIRBSD KSH R59 2020/10/31' },
          ],
          options,
        ),
      )?.what,
    ).toBe('mksh');
  });

  it('a program that is none of them is nothing', () => {
    expect(probe(elf([{ flags: R, bytes: 'Python %s\0Usage: %ls [option] ... [-c cmd | -m mod | file | -] [arg]' }]))).toBeUndefined();
  });

  it('program headers beyond the first 4 KiB are still read', () => {
    const bytes = elf([{ flags: R, bytes: 'BusyBox v1' }]);
    // Move the program header table past 5000 bytes.
    const moved = Buffer.concat([bytes, Buffer.alloc(6000)]);
    const table = bytes.subarray(64, 64 + 56);
    table.copy(moved, 5000);
    moved.writeBigUInt64LE(5000n, 32);
    expect(readOnlyRanges(moved.subarray(0, 4096), moved.length)).toBe('need-more');
    expect(probe(moved, 1000)?.what).toBe('busybox');
  });
});

describe('ContentProbe: scripts by their first line', () => {
  it.each([
    { line: '#!/bin/sh', what: 'a sh script' },
    { line: '#! /bin/bash -e', what: 'a bash script' },
    { line: '#!/usr/bin/env sh', what: 'a sh script' },
    { line: '#!/usr/bin/env -S bash -eu', what: 'a bash script' },
    { line: '#!/usr/bin/env -u HOME -i zsh', what: 'a zsh script' },
    { line: '#!/bin/busybox sh', what: 'a busybox script' },
  ])('$line is a shell script', ({ line, what }) => {
    expect(probe(Buffer.from(`${line}\necho hello\n`))).toEqual({ kind: 'shell', what, how: `a script starting ${line}` });
  });

  it.each([
    { name: 'a Python script', text: '#! /usr/bin/python3.11\nimport base64\n' },
    { name: 'a node script', text: '#!/usr/bin/env node\nconsole.log(1)\n' },
    { name: 'a perl script', text: '#!/usr/bin/perl -w\nprint 1;\n' },
    { name: 'not a script', text: 'hello #!/bin/sh\n' },
  ])('$name is neither', ({ text }) => {
    expect(probe(Buffer.from(text))).toBeUndefined();
  });

  it.each([
    { name: 'pip', text: '#!/usr/bin/python3\nimport re\nfrom pip._internal.cli.main import main\n', what: 'pip' },
    {
      name: 'dnf (as Debian ships it)',
      text: '#!/usr/bin/python3\nimport sys\n\nfrom dnf.cli import main\nmain.user_main(sys.argv[1:])\n',
      what: 'dnf',
    },
    { name: 'yum', text: '#!/usr/bin/python2\nimport sys\nimport yum\n', what: 'yum' },
  ])('a Python script that runs $name is a package manager', ({ text, what }) => {
    expect(probe(Buffer.from(text), 5)).toMatchObject({ kind: 'package-manager', what });
  });
});

describe('shebang', () => {
  it.each([
    { line: '#!/usr/bin/env', program: undefined },
    { line: '#!', program: undefined },
    { line: '#!/usr/bin/env FOO=1 python3', program: 'python3' },
    { line: '#!/bin/sh\r', program: '/bin/sh' },
  ])('$line', ({ line, program }) => {
    expect(shebang(Buffer.from(`${line}\n`))?.program).toBe(program);
  });
});
