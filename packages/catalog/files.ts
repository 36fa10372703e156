import { existsSync, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

export function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** Whether something (a file, a directory, a symlink even when dangling) is at `path`. */
export function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where a path written in a file leads, and why that is outside `root` when
 * it is: written as an absolute path, climbing out with `..`, or through a
 * symlink (the path itself or any directory on the way) that points out.
 * A path that does not exist yet is judged by its nearest existing parent,
 * so a missing file is reported as missing, not as escaping.
 */
export type Confined = { inside: true; path: string } | { inside: false; path: string; why: string };

export function confine(root: string, base: string, written: string): Confined {
  if (isAbsolute(written)) return { inside: false, path: written, why: 'is an absolute path' };
  const path = resolve(base, written);
  const top = resolve(root);
  if (!within(top, path)) return { inside: false, path, why: `climbs out of ${top} with '..'` };
  const realTop = realpath(top);
  const real = realpath(path);
  if (!within(realTop, real)) return { inside: false, path, why: `leads through a symlink to ${real}` };
  return { inside: true, path };
}

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The real path of `path`, or of its nearest existing parent joined with the rest. */
function realpath(path: string): string {
  let existing = path;
  const rest: string[] = [];
  while (!exists(existing)) {
    const parent = dirname(existing);
    if (parent === existing) return path;
    rest.unshift(existing.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
    existing = parent;
  }
  try {
    return join(realpathSync(existing), ...rest);
  } catch {
    // A dangling (or looping) symlink: where it points is where a build would look.
    return lstatSync(existing).isSymbolicLink() ? join(resolve(realpathSync(dirname(existing)), readlinkSync(existing)), ...rest) : path;
  }
}
