import type { Recognition } from './recognise.js';

/**
 * What the lock-down checks look at: one platform's image as it was pushed,
 * its config and its flattened filesystem, nothing from the Dockerfile.
 */
export type FileKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface FileEntry {
  kind: FileKind;
  /** Permission bits (0o755). */
  mode: number;
  /** Where a symlink or hard link points. */
  target?: string;
  /** Text of the few files the checks read (package databases); absent otherwise. */
  content?: string;
  /** What an executable is by its content (a shell, a package manager), when the reader recognised it. */
  recognised?: Recognition;
  /** An executable's format by its first bytes, when the reader looked. */
  format?: 'elf' | 'script';
}

export interface ImageConfig {
  /** `User` as written in the config: '', 'root', '0', '65532:65532', 'app'. */
  user: string;
  entrypoint: string[];
  cmd: string[];
}

export interface ImageDescription {
  /** `linux/amd64` */
  platform: string;
  /** The platform manifest's digest, `sha256:...`. */
  digest: string;
  config: ImageConfig;
  /** Absolute paths (`/usr/bin/python3.11`) of everything in the flattened layers. */
  files: Map<string, FileEntry>;
}
