import type { FileKind } from './image.js';

/**
 * One entry of a layer tarball. Layers are plain POSIX tar (ustar, with pax
 * extended headers for long names, or GNU long names), so a small reader is
 * enough and no shell or tar binary is needed inside or outside the image.
 */
export interface TarEntry {
  /** Relative to the layer root, without `./` or a trailing slash. */
  path: string;
  kind: FileKind;
  mode: number;
  target?: string;
  size: number;
  /** The bytes, only when `wantContent(path)` said so. */
  content?: Buffer;
}

const BLOCK = 512;

export function readTar(tar: Buffer, wantContent: (path: string) => boolean = () => false): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] ?? 0);
    const dataStart = offset + BLOCK;
    const data = tar.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      pax = parsePax(data);
      continue;
    }
    if (type === 'g') continue;
    if (type === 'L') {
      longName = cString(data);
      continue;
    }
    if (type === 'K') {
      longLink = cString(data);
      continue;
    }
    const prefix = cString(header.subarray(345, 500));
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${cString(header.subarray(0, 100))}` : cString(header.subarray(0, 100)));
    const linkName = pax.linkpath ?? longLink ?? cString(header.subarray(157, 257));
    pax = {};
    longName = undefined;
    longLink = undefined;
    const path = normalise(name);
    if (path === '') continue;
    const kind = kindOf(type);
    const entry: TarEntry = { path, kind, mode: octal(header.subarray(100, 108)) & 0o7777, size };
    if (kind === 'symlink' || kind === 'hardlink') entry.target = kind === 'hardlink' ? normalise(linkName) : linkName;
    if (kind === 'file' && wantContent(path)) entry.content = Buffer.from(data);
    entries.push(entry);
  }
  return entries;
}

function kindOf(type: string): FileKind {
  switch (type) {
    case '0':
    case '\0':
    case '7':
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
      return 'directory';
    default:
      return 'other';
  }
}

function normalise(name: string): string {
  return name
    .replace(/^(?:\.\/|\/)+/, '')
    .replace(/\/+$/, '')
    .replace(/^\.$/, '');
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

function octal(bytes: Buffer): number {
  // Base-256 sizes (the high bit set) are for files over 8 GiB: not in the images we check.
  const text = cString(bytes).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** `length key=value\n` records. */
function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number.parseInt(data.subarray(offset, space).toString('utf8'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}
