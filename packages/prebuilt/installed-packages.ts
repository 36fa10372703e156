import type { FileEntry } from './image.js';

/**
 * The packages an image says it carries, from the records scanners read too:
 * dpkg's status file, the one-file-per-package `status.d` of distroless-style
 * images, Alpine's installed database, Python's `*.dist-info/METADATA` (and
 * `*.egg-info/PKG-INFO`), and the `package.json` of each node module. The rpm
 * database is a Berkeley DB, NDB or SQLite file that this reader does not
 * parse: it is reported as present, with no list.
 */
export type PackageSource = 'dpkg' | 'apk' | 'rpm' | 'python' | 'node';

export interface InstalledPackage {
  name: string;
  version: string;
  /** Which kind of record it came from. */
  source: PackageSource;
  /** The record's path in the image. */
  record: string;
}

export interface PackageRecords {
  packages: InstalledPackage[];
  /** Package databases that are there but not listed here (rpm's), by path. */
  unlisted: Array<{ source: PackageSource; path: string }>;
}

/** Where rpm keeps its database, in its three formats and two places. */
export const RPM_DATABASES = [
  '/var/lib/rpm/Packages',
  '/var/lib/rpm/Packages.db',
  '/var/lib/rpm/rpmdb.sqlite',
  '/usr/lib/sysimage/rpm/Packages',
  '/usr/lib/sysimage/rpm/Packages.db',
  '/usr/lib/sysimage/rpm/rpmdb.sqlite',
];

const NODE_MODULE = /\/node_modules\/(?:@[^/]+\/)?[^/@][^/]*\/package\.json$/;

/** The files whose text the reader keeps; everything else passes by. */
export function isPackageRecord(path: string): boolean {
  const absolute = path.startsWith('/') ? path : `/${path}`;
  return (
    absolute === '/var/lib/dpkg/status' ||
    (absolute.startsWith('/var/lib/dpkg/status.d/') && !absolute.endsWith('.md5sums')) ||
    absolute === '/lib/apk/db/installed' ||
    absolute.endsWith('.dist-info/METADATA') ||
    absolute.endsWith('.egg-info/PKG-INFO') ||
    NODE_MODULE.test(absolute)
  );
}

export function packageRecords(files: Map<string, FileEntry>): PackageRecords {
  const packages: InstalledPackage[] = [];
  for (const [path, entry] of files) {
    if (entry.content === undefined) continue;
    if (path === '/var/lib/dpkg/status' || path.startsWith('/var/lib/dpkg/status.d/')) {
      packages.push(...dpkgStanzas(entry.content, path));
    } else if (path === '/lib/apk/db/installed') {
      packages.push(...apkRecords(entry.content, path));
    } else if (path.endsWith('.dist-info/METADATA') || path.endsWith('.egg-info/PKG-INFO')) {
      const name = /^Name: *(.+)$/m.exec(entry.content)?.[1]?.trim();
      const version = /^Version: *(.+)$/m.exec(entry.content)?.[1]?.trim();
      if (name && version) packages.push({ name, version, source: 'python', record: path });
    } else if (NODE_MODULE.test(path)) {
      const module = nodeModule(entry.content);
      if (module) packages.push({ ...module, source: 'node', record: path });
    }
  }
  const unlisted = RPM_DATABASES.filter((path) => files.get(path)?.kind === 'file').map((path) => ({ source: 'rpm' as const, path }));
  return { packages, unlisted };
}

/** The packages alone, for the capability checks. */
export function installedPackages(files: Map<string, FileEntry>): InstalledPackage[] {
  return packageRecords(files).packages;
}

function dpkgStanzas(text: string, record: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const name = /^Package: *(.+)$/m.exec(stanza)?.[1]?.trim();
    const version = /^Version: *(.+)$/m.exec(stanza)?.[1]?.trim();
    const status = /^Status: *(.+)$/m.exec(stanza)?.[1]?.trim();
    // status.d records of distroless images may omit Status; a status file lists removed packages too.
    if (name && version && (status === undefined || status.endsWith(' installed')))
      packages.push({ name, version, source: 'dpkg', record });
  }
  return packages;
}

function apkRecords(text: string, record: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const name = /^P:(.+)$/m.exec(stanza)?.[1]?.trim();
    const version = /^V:(.+)$/m.exec(stanza)?.[1]?.trim();
    if (name && version) packages.push({ name, version, source: 'apk', record });
  }
  return packages;
}

/** A module's own package.json names it; one without a name or version (a test fixture, a nested build file) is no package. */
function nodeModule(text: string): { name: string; version: string } | undefined {
  try {
    const json = JSON.parse(text) as { name?: unknown; version?: unknown };
    if (typeof json.name === 'string' && json.name !== '' && typeof json.version === 'string' && json.version !== '') {
      return { name: json.name, version: json.version };
    }
  } catch {
    // Not JSON: not a module record.
  }
  return undefined;
}

/**
 * The upstream version of a distribution version, as semver can compare it:
 * `1:3.11.2-6+deb12u6` -> `3.11.2`, `1.36.1-r15` -> `1.36.1`, `3.11` -> `3.11.0`.
 * Undefined when there is no leading number to compare.
 */
export function upstreamVersion(version: string): string | undefined {
  const withoutEpoch = version.replace(/^\d+:/, '');
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(withoutEpoch);
  if (!match) return undefined;
  return `${Number(match[1])}.${Number(match[2] ?? 0)}.${Number(match[3] ?? 0)}`;
}
