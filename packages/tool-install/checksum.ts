import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Lower-case hex SHA-256 of a file, streamed (archives run to tens of megabytes). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A `sha256sum`-style checksums file (`<hex>  <file>` per line, `*` before the
 * name in binary mode) as a map from file name to checksum.
 */
export function parseChecksums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line);
    if (match?.[1] && match[2]) sums.set(match[2], match[1].toLowerCase());
  }
  return sums;
}

/** A downloaded file is not the one that was pinned. Nothing was installed or cached. */
export class ChecksumMismatchError extends Error {
  constructor(
    readonly file: string,
    readonly url: string,
    readonly expected: string,
    readonly actual: string,
    reason = 'the pin',
  ) {
    super(
      `refusing ${file} downloaded from ${url}: its SHA-256 is ${actual}, but ${reason} is ${expected}. ` +
        'The file is not the one that was pinned (a tampered release, a moved tag or a wrong mirror); nothing was installed.',
    );
    this.name = 'ChecksumMismatchError';
  }
}
