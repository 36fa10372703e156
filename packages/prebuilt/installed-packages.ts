import type { FileEntry } from './image.js';

/**
 * The packages an image says it carries, from the records scanners read too:
 * dpkg's status file, the one-file-per-package `status.d` of distroless-style
 * images, Alpine's installed database, and Python's `*.dist-info/METADATA`.
 * An image with none of these has no packages we can vouch for.
 */
export interface InstalledPackage {
  name: string;
  version: string;
  /** Which record it came from: `dpkg`, `apk`, `python`. */
  source: 'dpkg' | 'apk' | 'python';
}

/** The files whose text the checks need; the layer reader keeps only these. */
export function isPackageRecord(path: string): boolean {
  const absolute = path.startsWith('/') ? path : `/${path}`;
  return (
    absolute === '/var/lib/dpkg/status' ||
    absolute.startsWith('/var/lib/dpkg/status.d/') ||
    absolute === '/lib/apk/db/installed' ||
    /\.dist-info\/METADATA$/.test(absolute)
  );
}

export function installedPackages(files: Map<string, FileEntry>): InstalledPackage[] {
  const found: InstalledPackage[] = [];
  for (const [path, entry] of files) {
    if (entry.content === undefined) continue;
    if (path === '/var/lib/dpkg/status' || path.startsWith('/var/lib/dpkg/status.d/')) {
      found.push(...dpkgStanzas(entry.content));
    } else if (path === '/lib/apk/db/installed') {
      found.push(...apkRecords(entry.content));
    } else if (path.endsWith('.dist-info/METADATA')) {
      const name = /^Name: *(.+)$/m.exec(entry.content)?.[1]?.trim();
      const version = /^Version: *(.+)$/m.exec(entry.content)?.[1]?.trim();
      if (name && version) found.push({ name, version, source: 'python' });
    }
  }
  return found;
}

function dpkgStanzas(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const name = /^Package: *(.+)$/m.exec(stanza)?.[1]?.trim();
    const version = /^Version: *(.+)$/m.exec(stanza)?.[1]?.trim();
    const status = /^Status: *(.+)$/m.exec(stanza)?.[1]?.trim();
    // status.d records of distroless images may omit Status; a status file lists removed packages too.
    if (name && version && (status === undefined || status.endsWith(' installed'))) packages.push({ name, version, source: 'dpkg' });
  }
  return packages;
}

function apkRecords(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const record of text.split(/\n\s*\n/)) {
    const name = /^P:(.+)$/m.exec(record)?.[1]?.trim();
    const version = /^V:(.+)$/m.exec(record)?.[1]?.trim();
    if (name && version) packages.push({ name, version, source: 'apk' });
  }
  return packages;
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
