/**
 * Knowing a shell or a package manager by what it is, not by its name: a
 * busybox copied to /usr/local/bin/healthcheck is still a shell. The layer
 * reader feeds each executable file's bytes through a ContentProbe as they
 * stream past; the probe keeps no copy of the file and looks only where the
 * answer can be:
 *
 * - the first bytes say what the file is: an ELF object, a `#!` script, or
 *   neither (then nothing more is read);
 * - a script is known by its first line (the interpreter); a Python script
 *   is read on for the imports that make it pip, dnf or yum;
 * - an ELF file is searched for its signature strings only inside its
 *   read-only data (the `PT_LOAD` segments that are neither writable nor
 *   executable, where the linker puts `.rodata` and `.dynstr`); its code is
 *   skipped.
 *
 * Each signature is a few strings the program prints or exports that no other
 * program carries. Those marked `checked` were taken from the Debian 12
 * binaries (busybox-static, toybox, bash, dash, mksh and lksh, zsh, apt, dpkg, rpm)
 * and checked absent from libc6, coreutils, perl-base, python3.11-minimal,
 * libpython3.11-minimal, nodejs and libnode108 of the same release
 * (test/e2e/lock-down-content.test.ts repeats that check on the real files).
 * apk and microdnf have no Debian 12 build; theirs come from their sources.
 */
export type RecognisedKind = 'shell' | 'package-manager';

export interface Recognition {
  kind: RecognisedKind;
  /** What the file is: `busybox`, `dash`, `apt-get`, `pip`. */
  what: string;
  /** How it was recognised, for the finding: `an ELF binary carrying "BusyBox v"`, `a script starting #!/bin/sh`. */
  how: string;
}

export interface ElfSignature {
  what: string;
  kind: RecognisedKind;
  /** Every one of these strings must be in the file's read-only data. */
  all: readonly string[];
  /** Taken from, and checked against, a real binary (see above). */
  checked: boolean;
}

/** Most specific first: busybox carries strings of the ash it contains. */
export const ELF_SIGNATURES: readonly ElfSignature[] = [
  { what: 'busybox', kind: 'shell', all: ['BusyBox v'], checked: true },
  { what: 'toybox', kind: 'shell', all: ['toybox', 'multicall binary'], checked: true },
  { what: 'bash', kind: 'shell', all: ['GNU bash, version'], checked: true },
  { what: 'mksh', kind: 'shell', all: ['@(#)MIRBSD KSH'], checked: true },
  // lksh, mksh's legacy build, has no version string, but the same prompt.
  { what: 'mksh', kind: 'shell', all: ["Use 'exit' to leave mksh"], checked: true },
  { what: 'zsh', kind: 'shell', all: ['ZSH_PATCHLEVEL'], checked: true },
  // dash and the other Almquist shells (ash) keep this message of the original ash.
  { what: 'dash (an Almquist shell, like ash)', kind: 'shell', all: ['turning off NDELAY mode'], checked: true },
  { what: 'apt', kind: 'package-manager', all: ['Usage: apt [options] command'], checked: true },
  { what: 'apt-get', kind: 'package-manager', all: ['Usage: apt-get [options] command'], checked: true },
  { what: 'dpkg', kind: 'package-manager', all: ["Debian '%s' package management program version %s."], checked: true },
  { what: 'rpm', kind: 'package-manager', all: ['no packages given for install'], checked: true },
  // apk-tools' version line, "apk-tools <version>, compiled for <arch>." (src/apk.c).
  { what: 'apk', kind: 'package-manager', all: ['apk-tools ', ', compiled for '], checked: false },
  // microdnf is its name plus libdnf's context API, which it links.
  { what: 'microdnf', kind: 'package-manager', all: ['microdnf', 'dnf_context_'], checked: false },
];

/** Interpreters that are shells: a script naming one needs a shell to run. */
export const SHELL_INTERPRETERS = new Set([
  'sh',
  'bash',
  'rbash',
  'ash',
  'dash',
  'zsh',
  'rzsh',
  'ksh',
  'mksh',
  'lksh',
  'csh',
  'tcsh',
  'fish',
  'yash',
  'posh',
  'busybox',
  'toybox',
]);

/** Python scripts that are package managers, by what they import. */
const PYTHON_MARKERS: ReadonlyArray<{ what: string; needle: string }> = [
  { what: 'pip', needle: 'pip._internal' },
  { what: 'dnf', needle: 'from dnf' },
  { what: 'dnf', needle: 'import dnf' },
  { what: 'yum', needle: 'import yum' },
];

/** Bytes kept to decide what a file is: the ELF header and its program headers, or a script's first line. */
const HEAD = 4096;
/** A program header table further in than this is not worth keeping bytes for: the whole file is searched. */
const MAX_HEAD = 65536;
const LONGEST = Math.max(...ELF_SIGNATURES.flatMap((s) => s.all.map((n) => n.length)), ...PYTHON_MARKERS.map((m) => m.needle.length));

type Range = readonly [start: number, end: number];

/**
 * One file's bytes, pushed in order as the layer streams. After the last
 * chunk, `result()` says what the file was recognised as, if anything.
 */
export class ContentProbe {
  private head: Buffer[] = [];
  private headLength = 0;
  private offset = 0;
  private state: 'head' | 'elf' | 'python' | 'done' = 'head';
  private ranges: Range[] = [];
  private carry: Buffer = Buffer.alloc(0);
  private carryEnd = -1;
  private pending: ElfSignature[] = [];
  private found = new Map<ElfSignature, Set<string>>();
  private recognition: Recognition | undefined;
  /** `elf` or `script` once the first bytes said so. */
  format: 'elf' | 'script' | undefined;

  constructor(private readonly size: number) {}

  /** Whether more bytes could change the answer; the reader still drains the entry either way. */
  get wantsMore(): boolean {
    return this.state !== 'done';
  }

  push(chunk: Buffer): void {
    if (this.state === 'done') {
      this.offset += chunk.length;
      return;
    }
    if (this.state === 'head') {
      this.head.push(chunk);
      this.headLength += chunk.length;
      this.offset += chunk.length;
      if (this.headLength < Math.min(HEAD, this.size) && this.offset < this.size) return;
      this.decideOnHead();
      return;
    }
    const start = this.offset;
    this.offset += chunk.length;
    this.search(chunk, start);
  }

  result(): Recognition | undefined {
    if (this.state === 'head' && this.head.length > 0) this.decideOnHead(true);
    this.state = 'done';
    return this.recognition;
  }

  /** The head holds bytes [0, headLength): decide what the file is, then search what it already holds. */
  private decideOnHead(last = false): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.decide(head, last);
    if (this.state === 'elf' || this.state === 'python') this.search(head, 0);
  }

  private decide(head: Buffer, last: boolean): void {
    if (head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) {
      const ranges = readOnlyRanges(head, this.size);
      if (ranges === 'need-more' && !last && head.length < MAX_HEAD && head.length < this.size) {
        // The program headers lie further in: keep reading the head.
        this.head = [head];
        this.headLength = head.length;
        return;
      }
      this.ranges = ranges === 'need-more' ? [[0, this.size]] : ranges;
      this.pending = [...ELF_SIGNATURES];
      this.state = 'elf';
      this.format = 'elf';
      return;
    }
    if (head.length >= 2 && head[0] === 0x23 && head[1] === 0x21) {
      this.format = 'script';
      const interpreter = shebang(head);
      if (interpreter === undefined) {
        this.state = 'done';
        return;
      }
      const name = basename(interpreter.program);
      if (SHELL_INTERPRETERS.has(name)) {
        this.recognition = { kind: 'shell', what: `a ${name} script`, how: `a script starting ${interpreter.line}` };
        this.state = 'done';
        return;
      }
      if (/^python[\d.]*$/.test(name)) {
        this.ranges = [[0, this.size]];
        this.state = 'python';
        return;
      }
    }
    this.state = 'done';
  }

  /** Searches `bytes` (at file offset `start`) where the ranges allow, with the tail of the last piece for strings across chunks. */
  private search(bytes: Buffer, start: number): void {
    for (const [from, to] of this.ranges) {
      const lo = Math.max(from, start);
      const hi = Math.min(to, start + bytes.length);
      if (lo >= hi) continue;
      const piece = bytes.subarray(lo - start, hi - start);
      const window = this.carryEnd === lo && this.carry.length > 0 ? Buffer.concat([this.carry, piece]) : piece;
      this.match(window);
      if (this.state === 'done') return;
      this.carry = Buffer.from(window.subarray(Math.max(0, window.length - (LONGEST - 1))));
      this.carryEnd = hi;
    }
  }

  private match(window: Buffer): void {
    if (this.state === 'python') {
      const marker = PYTHON_MARKERS.find((m) => window.includes(m.needle));
      if (marker) {
        this.recognition = { kind: 'package-manager', what: marker.what, how: `a Python script that runs "${marker.needle}"` };
        this.state = 'done';
      }
      return;
    }
    for (const signature of this.pending) {
      let seen = this.found.get(signature);
      for (const needle of signature.all) {
        if (seen?.has(needle) || !window.includes(needle)) continue;
        if (!seen) {
          seen = new Set();
          this.found.set(signature, seen);
        }
        seen.add(needle);
      }
      if (seen?.size === signature.all.length) {
        this.recognition = {
          kind: signature.kind,
          what: signature.what,
          how: `an ELF binary carrying ${signature.all.map((n) => JSON.stringify(n)).join(' and ')}`,
        };
        this.state = 'done';
        return;
      }
    }
  }
}

/**
 * The file ranges of an ELF object's read-only data: `PT_LOAD` segments that
 * are neither writable nor executable; without any (an old linker that put
 * `.rodata` with the code), every segment that is not writable. `need-more`
 * when the program header table is not inside `head`.
 */
export function readOnlyRanges(head: Buffer, size: number): Range[] | 'need-more' {
  const wide = head[4] === 2;
  const little = head[5] !== 2;
  if (head.length < (wide ? 64 : 52)) return 'need-more';
  const u16 = (at: number) => (little ? head.readUInt16LE(at) : head.readUInt16BE(at));
  const u32 = (at: number) => (little ? head.readUInt32LE(at) : head.readUInt32BE(at));
  const u64 = (at: number) => Number(little ? head.readBigUInt64LE(at) : head.readBigUInt64BE(at));
  const phoff = wide ? u64(32) : u32(28);
  const phentsize = u16(wide ? 54 : 42);
  const phnum = u16(wide ? 56 : 44);
  if (phnum === 0 || phentsize === 0) return [[0, size]];
  if (phoff + phnum * phentsize > head.length) return 'need-more';
  const loads: Array<{ flags: number; range: Range }> = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (u32(at) !== 1) continue; // PT_LOAD
    const flags = wide ? u32(at + 4) : u32(at + 24);
    const offset = wide ? u64(at + 8) : u32(at + 4);
    const filesz = wide ? u64(at + 32) : u32(at + 16);
    if (filesz > 0) loads.push({ flags, range: [offset, Math.min(size, offset + filesz)] });
  }
  const PF_X = 1;
  const PF_W = 2;
  const readOnly = loads.filter((l) => (l.flags & (PF_X | PF_W)) === 0);
  const chosen = readOnly.length > 0 ? readOnly : loads.filter((l) => (l.flags & PF_W) === 0);
  if (chosen.length === 0) return [[0, size]];
  return chosen.map((l) => l.range).sort((a, b) => a[0] - b[0]);
}

/** `#!/usr/bin/env -S bash -e` -> bash; `#! /bin/sh` -> /bin/sh. */
export function shebang(head: Buffer): { program: string; line: string } | undefined {
  const end = head.indexOf(0x0a);
  const line = head
    .subarray(0, end === -1 ? Math.min(head.length, 256) : end)
    .toString('utf8')
    .replace(/\r$/, '');
  const words = line.slice(2).trim().split(/\s+/).filter(Boolean);
  const [interpreter, ...args] = words;
  if (interpreter === undefined) return undefined;
  if (basename(interpreter) !== 'env') return { program: interpreter, line };
  // env's options come before the program; -S splits the rest, -u takes a name.
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-u' || arg === '--unset' || arg === '-C' || arg === '--chdir') {
      i++;
      continue;
    }
    if (arg.startsWith('-') || arg.includes('=')) continue;
    return { program: arg, line };
  }
  return undefined;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
