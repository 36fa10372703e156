import type { FileEntry } from './image.js';
import type { TarEntry } from './layer-tar.js';

/**
 * Applies layers in order, as a container runtime would: later entries
 * replace earlier ones, `.wh.<name>` deletes `<name>` (and what is under it),
 * and `.wh..wh..opq` empties its directory of what lower layers put there.
 */
export function flatten(layers: readonly TarEntry[][]): Map<string, FileEntry> {
  const files = new Map<string, FileEntry>();
  for (const layer of layers) {
    for (const entry of layer) {
      const slash = entry.path.lastIndexOf('/');
      const dir = slash === -1 ? '' : entry.path.slice(0, slash);
      const base = entry.path.slice(slash + 1);
      if (base === '.wh..wh..opq') {
        removeUnder(files, `/${dir}`, false);
      } else if (base.startsWith('.wh.')) {
        removeUnder(files, `/${dir ? `${dir}/` : ''}${base.slice(4)}`, true);
      }
    }
    for (const entry of layer) {
      const base = entry.path.slice(entry.path.lastIndexOf('/') + 1);
      if (base.startsWith('.wh.')) continue;
      const path = `/${entry.path}`;
      const file: FileEntry = { kind: entry.kind, mode: entry.mode };
      if (entry.target !== undefined) file.target = entry.kind === 'hardlink' ? `/${entry.target}` : entry.target;
      if (entry.kind === 'hardlink' && entry.target !== undefined) {
        // A hard link is the file it links to: same mode, same content.
        const linked = files.get(`/${entry.target}`);
        if (linked?.content !== undefined) file.content = linked.content;
        if (linked) file.mode = linked.mode;
      }
      if (entry.content !== undefined) file.content = entry.content.toString('utf8');
      if (entry.kind !== 'directory') removeUnder(files, path, false);
      files.set(path, file);
    }
  }
  return files;
}

function removeUnder(files: Map<string, FileEntry>, path: string, self: boolean): void {
  const prefix = path === '/' ? '/' : `${path}/`;
  for (const key of [...files.keys()]) {
    if ((self && key === path) || key.startsWith(prefix)) files.delete(key);
  }
}

/**
 * Follows symlinks (absolute or relative, in any component) inside the image
 * to the entry a path really names; undefined when it does not exist or the
 * links loop.
 */
export function resolvePath(files: Map<string, FileEntry>, path: string): { path: string; entry: FileEntry } | undefined {
  let parts = split(path);
  for (let hops = 0; hops < 40; hops++) {
    let resolved = '';
    let followed = false;
    for (let i = 0; i < parts.length; i++) {
      const candidate = `${resolved}/${parts[i]}`;
      const entry = files.get(candidate);
      if (entry?.kind === 'symlink' && entry.target !== undefined) {
        const base = entry.target.startsWith('/') ? [] : split(resolved);
        parts = [...normaliseParts([...base, ...split(entry.target)]), ...parts.slice(i + 1)];
        followed = true;
        break;
      }
      if (entry === undefined && i < parts.length - 1 && !hasChildren(files, candidate)) return undefined;
      resolved = candidate;
    }
    if (!followed) {
      const finalPath = resolved === '' ? '/' : resolved;
      const entry = files.get(finalPath);
      return entry ? { path: finalPath, entry } : undefined;
    }
  }
  return undefined;
}

function hasChildren(files: Map<string, FileEntry>, dir: string): boolean {
  const prefix = `${dir}/`;
  for (const key of files.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

function split(path: string): string[] {
  return normaliseParts(path.split('/').filter((part) => part !== '' && part !== '.'));
}

function normaliseParts(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out;
}
