/**
 * A minimal ELF64 little-endian file: a header, program headers for the given
 * segments, and each segment's bytes at its offset. Enough for the probe,
 * which reads only the header, the program headers and the segments.
 */
export function elf(
  segments: Array<{ flags: number; bytes: string | Buffer; type?: number }>,
  options: { wide?: boolean; big?: boolean } = {},
): Buffer {
  const wide = options.wide ?? true;
  const little = !options.big;
  const ehsize = wide ? 64 : 52;
  const phentsize = wide ? 56 : 32;
  const phoff = ehsize;
  let offset = phoff + phentsize * segments.length;
  const placed = segments.map((s) => {
    const bytes = Buffer.isBuffer(s.bytes) ? s.bytes : Buffer.from(s.bytes);
    const at = offset;
    offset += bytes.length;
    return { ...s, bytes, at };
  });
  const out = Buffer.alloc(offset);
  out.write('\x7fELF', 0, 'latin1');
  out[4] = wide ? 2 : 1;
  out[5] = little ? 1 : 2;
  const u16 = (v: number, at: number) => (little ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (little ? out.writeUInt32LE(v, at) : out.writeUInt32BE(v, at));
  const u64 = (v: number, at: number) => (little ? out.writeBigUInt64LE(BigInt(v), at) : out.writeBigUInt64BE(BigInt(v), at));
  if (wide) {
    u64(phoff, 32);
    u16(phentsize, 54);
    u16(segments.length, 56);
  } else {
    u32(phoff, 28);
    u16(phentsize, 42);
    u16(segments.length, 44);
  }
  placed.forEach((s, i) => {
    const at = phoff + i * phentsize;
    u32(s.type ?? 1, at);
    if (wide) {
      u32(s.flags, at + 4);
      u64(s.at, at + 8);
      u64(s.bytes.length, at + 32);
    } else {
      u32(s.at, at + 4);
      u32(s.bytes.length, at + 16);
      u32(s.flags, at + 24);
    }
    s.bytes.copy(out, s.at);
  });
  return out;
}

/** Segment flags: read, read + execute, read + write. */
export const R = 4;
export const RX = 5;
export const RW = 6;
