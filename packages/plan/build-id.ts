import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from './canonical-json.js';
import { isIgnored, parseDockerignore } from './dockerignore.js';

/**
 * Digests of what a build reads from disk. Each context is hashed once per
 * plan, however many versions and variants build from it: a catalog with a
 * thousand variants of one image reads that image's files once.
 */
export class ContextHasher {
  private readonly contexts = new Map<string, string>();
  private readonly files = new Map<string, string>();

  /**
   * `sha256:` over what a build of `context` can see (contextEntries): sorted
   * paths, each with its kind; a file with its executable bit and content
   * digest, a symlink with its target.
   */
  context(context: string, dockerfile: string): string {
    const key = `${context}\0${dockerfile}`;
    const known = this.contexts.get(key);
    if (known !== undefined) return known;
    const hash = createHash('sha256');
    for (const entry of contextEntries(context, dockerfile)) {
      if (entry.kind === 'directory') hash.update(`${entry.path}\0dir\n`);
      else if (entry.kind === 'symlink') hash.update(`${entry.path}\0link\0${entry.target}\n`);
      else hash.update(`${entry.path}\0${entry.executable ? 'x' : '-'}\0${this.file(join(context, entry.path))}\n`);
    }
    const digest = `sha256:${hash.digest('hex')}`;
    this.contexts.set(key, digest);
    return digest;
  }

  /** `sha256:` of one file's content, read once. */
  file(path: string): string {
    const known = this.files.get(path);
    if (known !== undefined) return known;
    const digest = `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    this.files.set(path, digest);
    return digest;
  }
}

/** One thing a build context holds, as BuildKit sends it. */
export interface ContextEntry {
  /** Relative to the context, `/`-separated. */
  path: string;
  kind: 'file' | 'symlink' | 'directory';
  /** A file's executable bit. */
  executable?: boolean;
  /** Where a symlink points (it is sent as a link, never followed). */
  target?: string;
}

/**
 * What BuildKit sends of `context`, after the .dockerignore it applies
 * (`<Dockerfile>.dockerignore` first, then the context's `.dockerignore`),
 * sorted by code point so the order never depends on the locale: every file
 * and symlink not ignored; every directory not ignored (empty ones too, as
 * `COPY .` makes them), and every ignored directory that holds something
 * re-included (`!`), as the parent BuildKit must send for it.
 */
export function contextEntries(context: string, dockerfile: string): ContextEntry[] {
  const ignoreFile = [`${dockerfile}.dockerignore`, join(context, '.dockerignore')].find((f) => existsSync(f));
  const rules = ignoreFile === undefined ? [] : parseDockerignore(readFileSync(ignoreFile, 'utf8'));
  const entries: ContextEntry[] = [];
  const walk = (relative: string): boolean => {
    let kept = false;
    for (const dirent of readdirSync(join(context, relative), { withFileTypes: true })) {
      const path = relative === '' ? dirent.name : `${relative}/${dirent.name}`;
      const ignored = isIgnored(path, rules);
      if (dirent.isDirectory()) {
        const before = entries.length;
        const inside = walk(path);
        if (!ignored || inside) {
          entries.splice(before, 0, { path, kind: 'directory' });
          kept = true;
        }
        continue;
      }
      if (ignored || !(dirent.isFile() || dirent.isSymbolicLink())) continue;
      const full = join(context, path);
      const stat = lstatSync(full);
      entries.push(
        stat.isSymbolicLink()
          ? { path, kind: 'symlink', target: readlinkSync(full) }
          : { path, kind: 'file', executable: (stat.mode & 0o111) !== 0 },
      );
      kept = true;
    }
    return kept;
  };
  walk('');
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** What a Dockerfile build is made of, however it was asked for: a plan entry, build-prebuilt's inputs, a buildx call. */
export interface BuildDefinition {
  /** The build context directory. */
  context: string;
  dockerfile?: string;
  target?: string;
  buildArgs: Record<string, string>;
  /** `linux/amd64`, ...; empty builds for the builder's own platform. */
  platforms: string[];
  /** Config labels; the OCI ones are also written as manifest (and index) annotations. */
  labels: Record<string, string>;
}

/** What goes into a build id besides the files: everything that changes the image. */
export interface BuildInputs extends BuildDefinition {
  dockerfile: string;
  mode: string;
  requires: unknown[];
  tests?: unknown[];
  debugTarget?: string;
  debugTests?: unknown[];
  parents: string[];
}

/**
 * The content build id: equal for two plans exactly when the image would be
 * built from the same inputs. Labels that change with every commit (revision,
 * created) are left out, or no image would ever be recognised as unchanged.
 */
export function buildId(inputs: BuildInputs): string {
  return contentId(inputs);
}

/** `sha256:` over the canonical JSON of a value: equal values, equal ids. */
export function contentId(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}

export const COMMIT_LABELS = ['org.opencontainers.image.revision', 'org.opencontainers.image.created'];
