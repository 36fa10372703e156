import { type FileEntry, type PackageRecords, type PackageSource, resolvePath } from '../prebuilt/index.js';
import type { ReportedPackage, ScanReport } from './report.js';

/**
 * What the scan saw, set against what the image holds. A scanner finds no
 * vulnerability in a package it did not list: an image whose dpkg records
 * name four packages, scanned by a trivy that detected no OS, "passes" having
 * looked at nothing. So the image's own package records (read by the
 * lock-down reader from the pushed layers) are compared with the packages
 * trivy's report lists, and any record trivy did not list makes the image
 * `unscannable`: the gate fails closed, naming what was missed and what to
 * ship so that it is seen.
 */
export interface Coverage {
  /** The OS trivy detected, `debian 12.15`; undefined when none. */
  os?: string;
  /** Packages trivy listed, by trivy's type (`debian`, `python-pkg`, `node-pkg`). */
  listed: Record<string, number>;
  /** Packages the image's records list, by record kind. */
  recorded: Partial<Record<PackageSource, number>>;
  /** One line per thing trivy did not see, naming it and what to do. */
  unseen: string[];
  /** Executables (ELF) no package trivy listed claims: in the image, in no SBOM. Undefined when trivy gave no file lists. */
  unowned?: string[];
  verdict: 'covered' | 'unscannable';
}

interface Expectation {
  source: PackageSource;
  /** trivy's types whose packages answer for these records. */
  types?: readonly string[];
  /** Any OS package answers for them (rpm: the database is not read here, so only a count can be compared). */
  anyOsPackage?: boolean;
  /** The files trivy needs to tell the distribution, as distroless images ship them. */
  osFiles?: readonly string[];
  /** What the records are, for the message. */
  what: string;
  normalise: (name: string) => string;
}

const same = (name: string) => name;
/** PEP 503: `Foo_Bar.baz` and `foo-bar-baz` are one project. */
const pythonName = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

const EXPECTATIONS: readonly Expectation[] = [
  {
    source: 'dpkg',
    types: ['debian', 'ubuntu'],
    osFiles: ['/etc/os-release', '/etc/debian_version'],
    what: 'dpkg records',
    normalise: same,
  },
  {
    source: 'apk',
    types: ['alpine', 'wolfi', 'chainguard'],
    osFiles: ['/etc/os-release', '/etc/alpine-release'],
    what: 'apk records',
    normalise: same,
  },
  { source: 'rpm', anyOsPackage: true, osFiles: ['/etc/os-release', '/etc/redhat-release'], what: 'the rpm database', normalise: same },
  { source: 'python', types: ['python-pkg'], what: 'Python dist-info records', normalise: pythonName },
  { source: 'node', types: ['node-pkg'], what: "node modules' package.json", normalise: same },
];

const SHOWN = 6;
/** The directories Debian's merged /usr moved under /usr (they remain as links in a full image). */
const MERGED_USR = /^\/(?:bin|sbin|lib|lib32|lib64|libx32)\//;

export function compareCoverage(records: PackageRecords, files: ReadonlyMap<string, FileEntry>, report: ScanReport): Coverage {
  const listed: Record<string, number> = {};
  for (const pkg of report.packages) listed[pkg.type] = (listed[pkg.type] ?? 0) + 1;
  const recorded: Partial<Record<PackageSource, number>> = {};
  for (const pkg of records.packages) recorded[pkg.source] = (recorded[pkg.source] ?? 0) + 1;
  const unseen: string[] = [];
  const osName = report.os ? `${report.os.family} ${report.os.name}`.trim() : undefined;

  for (const expectation of EXPECTATIONS) {
    const mine = records.packages.filter((p) => p.source === expectation.source);
    const databases = records.unlisted.filter((u) => u.source === expectation.source);
    if (mine.length === 0 && databases.length === 0) continue;
    const theirs = report.packages.filter((p) =>
      expectation.anyOsPackage ? p.class === 'os-pkgs' : (expectation.types ?? []).includes(p.type),
    );
    if (expectation.osFiles !== undefined && (report.os === undefined || theirs.length === 0)) {
      unseen.push(
        noOsLine(
          expectation,
          mine.map((p) => p.name),
          databases.map((d) => d.path),
          osName,
          files,
        ),
      );
      continue;
    }
    const names = new Set(theirs.map((p) => expectation.normalise(p.name)));
    const missed = [...new Set(mine.map((p) => p.name).filter((name) => !names.has(expectation.normalise(name))))];
    if (missed.length > 0) {
      unseen.push(
        `trivy did not list ${missed.length} of the ${mine.length} packages the ${expectation.what} name: ${shown(missed)}; ` +
          `check that each record is complete (a name and a version, and for dpkg an installed status) where trivy reads it`,
      );
    }
  }
  const coverage: Coverage = {
    listed,
    recorded,
    unseen,
    verdict: unseen.length > 0 ? 'unscannable' : 'covered',
    ...(osName !== undefined ? { os: osName } : {}),
  };
  const unowned = unownedExecutables(files, report.packages);
  if (unowned !== undefined) coverage.unowned = unowned;
  return coverage;
}

function noOsLine(
  expectation: Expectation,
  names: string[],
  databases: string[],
  os: string | undefined,
  files: ReadonlyMap<string, FileEntry>,
): string {
  const what =
    names.length > 0
      ? `the ${names.length} package${names.length === 1 ? '' : 's'} its ${expectation.what} list (${shown(names)})`
      : `the packages in ${databases.join(', ')}`;
  const detected = os === undefined ? 'trivy detected no OS' : `trivy detected ${os} but listed none of its OS packages`;
  const osFiles = expectation.osFiles ?? [];
  const absent = osFiles.filter((path) => resolvePath(files, path) === undefined);
  const ship =
    absent.length > 0
      ? `ship ${absent.join(' and ')} in the image (distroless images carry ${osFiles.join(' and ')}; copy them from the build stage)`
      : `${osFiles.join(' and ')} are there: check that they name the distribution the records come from`;
  return `${detected}, so it scanned none of ${what}: ${ship}`;
}

function shown(names: readonly string[]): string {
  return names.length > SHOWN ? `${names.slice(0, SHOWN).join(', ')} and ${names.length - SHOWN} more` : names.join(', ');
}

/**
 * ELF executables of the image that no package trivy listed claims as its
 * file: a binary copied in by hand (node out of a build stage, say) is in no
 * SBOM and no scan. Undefined when trivy listed OS packages but no file of
 * any, so ownership cannot be told.
 */
function unownedExecutables(files: ReadonlyMap<string, FileEntry>, packages: readonly ReportedPackage[]): string[] | undefined {
  const executables = [...files].filter(([, entry]) => entry.kind === 'file' && entry.format === 'elf').map(([path]) => path);
  if (executables.length === 0) return [];
  const withFiles = packages.filter((p) => p.installedFiles.length > 0);
  if (withFiles.length === 0 && packages.some((p) => p.class === 'os-pkgs')) return undefined;
  const owned = new Set<string>();
  for (const pkg of withFiles) {
    for (const file of pkg.installedFiles) {
      // dpkg lists /bin/gzip; a merged-/usr image, or a copy of one without the /bin link, holds /usr/bin/gzip.
      const found = resolvePath(files, file) ?? (MERGED_USR.test(file) ? resolvePath(files, `/usr${file}`) : undefined);
      owned.add(found?.path ?? file);
    }
  }
  return executables.filter((path) => !owned.has(path)).sort();
}
