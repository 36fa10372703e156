import type { FileEntry } from './image.js';
import type { TarEntry } from './layer-tar.js';

/**
 * Applies layers in order, as a container runtime would: later entries
 * replace earlier ones, `.wh.<name>` deletes `<name>` (and what is under it),
 * and `.wh..wh..opq` empties its directory of what lower layers put there.
 * A hard link takes what the reader learnt of the file it links to.
 */
export function flatten(layers: readonly TarEntry[][]): Map<string, FileEntry> {
  const tree = new FileTree();
  for (const layer of layers) {
    // Whiteouts apply to the layers below, so before this layer's own entries.
    for (const entry of layer) {
      const slash = entry.path.lastIndexOf('/');
      const dir = slash === -1 ? '' : entry.path.slice(0, slash);
      const base = entry.path.slice(slash + 1);
      if (base === '.wh..wh..opq') tree.removeChildren(`/${dir}`);
      else if (base.startsWith('.wh.')) tree.remove(`/${dir ? `${dir}/` : ''}${base.slice(4)}`);
    }
    for (const entry of layer) {
      const base = entry.path.slice(entry.path.lastIndexOf('/') + 1);
      if (base.startsWith('.wh.')) continue;
      const path = `/${entry.path}`;
      const file: FileEntry = { kind: entry.kind, mode: entry.mode };
      if (entry.target !== undefined) file.target = entry.kind === 'hardlink' ? `/${entry.target}` : entry.target;
      if (entry.kind === 'hardlink' && entry.target !== undefined) {
        // A hard link is the file it links to: same mode, same content, same nature.
        const linked = tree.files.get(`/${entry.target}`);
        if (linked?.content !== undefined) file.content = linked.content;
        if (linked?.recognised !== undefined) file.recognised = linked.recognised;
        if (linked?.format !== undefined) file.format = linked.format;
        if (linked) file.mode = linked.mode;
      }
      if (entry.content !== undefined) file.content = entry.content.toString('utf8');
      if (entry.recognised !== undefined) file.recognised = entry.recognised;
      if (entry.format !== undefined) file.format = entry.format;
      // A file or link replaces a directory of the same name, and all under it.
      if (entry.kind !== 'directory') tree.removeChildren(path);
      tree.set(path, file);
    }
  }
  return tree.files;
}

/** The files by path, with each directory's children indexed, so removing a subtree costs its size, not the image's. */
class FileTree {
  readonly files = new Map<string, FileEntry>();
  private readonly children = new Map<string, Set<string>>();

  set(path: string, entry: FileEntry): void {
    this.files.set(path, entry);
    let child = path;
    while (child !== '/') {
      const parent = parentOf(child);
      let set = this.children.get(parent);
      if (set === undefined) {
        set = new Set();
        this.children.set(parent, set);
      }
      if (set.has(child)) break;
      set.add(child);
      child = parent;
    }
  }

  remove(path: string): void {
    this.removeChildren(path);
    this.files.delete(path);
    this.children.get(parentOf(path))?.delete(path);
  }

  removeChildren(path: string): void {
    const set = this.children.get(path === '' ? '/' : path);
    if (set === undefined) return;
    for (const child of set) {
      this.removeChildren(child);
      this.files.delete(child);
    }
    set.clear();
  }
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/**
 * Follows symlinks (absolute or relative, in any component) inside the image
 * to the entry a path really names; undefined when it does not exist or the
 * links loop. A map lookup per component: cheap enough for every file a
 * package lists (`/bin/bash` is `/usr/bin/bash` in a merged-/usr image).
 */
export function resolvePath(files: ReadonlyMap<string, FileEntry>, path: string): { path: string; entry: FileEntry } | undefined {
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
