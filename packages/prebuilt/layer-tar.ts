import { Readable } from 'node:stream';
import { extract, type Header } from 'tar-stream';
import type { FileKind } from './image.js';
import { ContentProbe, type Recognition } from './recognise.js';

/**
 * One entry of a layer tarball, as tar-stream parses it: ustar, pax extended
 * headers (long names, large sizes), GNU long names, and base-256 numbers
 * (what Go's archive/tar writes for sizes over 8 GiB).
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
  /** What an executable file is, by its content (a shell, a package manager), when anything. */
  recognised?: Recognition;
  /** An executable's format, from its first bytes (recognising only). */
  format?: 'elf' | 'script';
}

export interface LayerReadOptions {
  /** Files whose whole content is kept (package records, a few KiB each); the rest pass by. */
  wantContent?: (path: string) => boolean;
  /** Feed every executable file through a ContentProbe, to know shells and package managers by what they are. */
  recognise?: boolean;
}

/**
 * Reads a layer as it streams: each entry's header, the content of the few
 * files asked for, and, for executables, what the probe makes of the bytes
 * going past. No entry, and no layer, is ever held whole in memory.
 */
export async function readLayer(source: Readable | Buffer, options: LayerReadOptions = {}): Promise<TarEntry[]> {
  const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
  const parser = extract();
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  const entries: TarEntry[] = [];
  for await (const stream of parser) {
    const header = stream.header;
    const path = normalise(header.name);
    const kind = kindOf(header.type);
    const keep = path !== '' && kind === 'file' && options.wantContent?.(path) === true;
    const probe =
      options.recognise && kind === 'file' && ((header.mode ?? 0) & 0o111) !== 0 ? new ContentProbe(header.size ?? 0) : undefined;
    const kept: Buffer[] = [];
    for await (const data of stream) {
      const chunk = data as Buffer;
      if (keep) kept.push(chunk);
      if (probe?.wantsMore) probe.push(chunk);
    }
    if (path === '') continue;
    const entry: TarEntry = { path, kind, mode: (header.mode ?? 0) & 0o7777, size: header.size ?? 0 };
    if ((kind === 'symlink' || kind === 'hardlink') && header.linkname) {
      entry.target = kind === 'hardlink' ? normalise(header.linkname) : header.linkname;
    }
    if (keep) entry.content = Buffer.concat(kept);
    const recognised = probe?.result();
    if (recognised) entry.recognised = recognised;
    if (probe?.format) entry.format = probe.format;
    entries.push(entry);
  }
  return entries;
}

function kindOf(type: Header['type']): FileKind {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'link':
      return 'hardlink';
    case 'symlink':
      return 'symlink';
    case 'directory':
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
