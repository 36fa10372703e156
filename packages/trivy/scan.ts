import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logging/index.js';
import { byDigest, parseDigestReference } from '../oci/index.js';
import { packageRecords, platformManifests, readPlatformImage } from '../prebuilt/index.js';
import { type CommandRunner, runChecked } from '../process/index.js';
import type { RegistryClient } from '../registry/index.js';
import { type Coverage, compareCoverage } from './coverage.js';
import { type DbState, QUIET_FLAGS } from './db.js';
import { dbAgeProblem } from './db-age.js';
import { evaluate, expiredEntries, type GatePolicy, type ImageVerdict, type ScanStatus, verdictReason, worstStatus } from './gate.js';
import type { IgnoreEntry } from './ignore-file.js';
import { type Finding, parseReport } from './report.js';
import { toSarif } from './sarif.js';
import { mergeSboms } from './sbom.js';
import { addCounts, type SeverityCounts, zeroCounts } from './severity.js';

/** Report formats besides the JSON report, which is always written: the gate reads it. */
export const EXTRA_FORMATS = ['table', 'sarif', 'cyclonedx'] as const;
export type ExtraFormat = (typeof EXTRA_FORMATS)[number];

export interface ScanOptions {
  trivy: string;
  toolVersion: string;
  /** trivy's `--cache-dir`, with the DB already in place (see prepareDb). */
  cacheDir: string;
  outputDir: string;
  /** `registry/repository@sha256:...`, each: an index or a single image. */
  images: readonly string[];
  formats: readonly ExtraFormat[];
  policy: GatePolicy;
  ignores: readonly IgnoreEntry[];
  today: string;
  /** The DB prepareDb put in `cacheDir`, and the oldest it may be scanned with. */
  db: DbState;
  maxDbAgeMs: number;
  /** Reads each image's platform manifests and the package records in its layers. */
  registry: RegistryClient;
  runner: CommandRunner;
  log: Logger;
}

/** One platform image of an image: what trivy reported and what the gate made of it. */
export interface PlatformScan {
  /** `linux/arm64` */
  platform: string;
  /** The platform manifest by digest, as trivy scanned it. */
  image: string;
  /** trivy's JSON report. */
  report: string;
  /** trivy's CycloneDX SBOM of this platform, when asked for. */
  sbom?: string;
  /** trivy's table, when asked for. */
  table?: string;
  findings: Finding[];
  verdict: ImageVerdict;
  /** What trivy saw against what the image's package records hold. */
  coverage: Coverage;
  status: ScanStatus;
  /** Why, in one line. */
  reason: string;
}

export interface ImageScan {
  /** The image as given: an index or a single image, by digest. */
  image: string;
  /** Every platform, each scanned by its own digest; empty when the DB was too old to scan with. */
  platforms: PlatformScan[];
  /** The worst of the platforms' statuses. */
  status: ScanStatus;
  /** Why, naming each platform that did not pass. */
  reason: string;
  /** CycloneDX SBOM of every platform (each a component of its own), when asked for. */
  sbom?: string;
  counts: SeverityCounts;
  fixable: SeverityCounts;
  blocking: number;
}

export interface ScanResult {
  images: ImageScan[];
  /** One SARIF log with a run per platform image, when asked for and anything was scanned. */
  sarif?: string;
  /** The worst status of all images. */
  verdict: ScanStatus;
  counts: SeverityCounts;
  fixable: SeverityCounts;
  expired: IgnoreEntry[];
  db: DbState;
  /** Why the DB may not be scanned with; set with the `stale-db` verdict. */
  dbProblem?: string;
}

/** scanImages for one image: its scan, and the run's result (SARIF, the DB, expired ignores). */
export async function scanOneImage(image: string, options: Omit<ScanOptions, 'images'>): Promise<{ scan: ImageScan; result: ScanResult }> {
  const result = await scanImages({ ...options, images: [image] });
  const [scan] = result.images;
  if (scan === undefined) throw new Error(`trivy reported nothing for ${image}`);
  return { scan, result };
}

/**
 * Scans each image platform by platform, each platform's manifest digest on
 * its own (trivy given an index scans only the runner's platform), with the
 * DB prepared once. Per platform: the findings gate, and the coverage check
 * against the package records in that platform's layers. An image's status is
 * its worst platform's. A DB older than `maxDbAgeMs` scans nothing: every
 * image is `stale-db`.
 */
export async function scanImages(options: ScanOptions): Promise<ScanResult> {
  const images = [...new Set(options.images)].map((image, index) => {
    parseDigestReference(image, `images[${index + 1}]`);
    return image;
  });
  await mkdir(options.outputDir, { recursive: true });
  const expired = expiredEntries(options.ignores, options.today);
  for (const entry of expired) {
    options.log.warning(
      `ignore entry for ${entry.id} expired on ${entry.expires ?? ''}: it no longer applies (reason was: ${entry.reason})`,
      entry.location,
    );
  }
  const dbProblem = dbAgeProblem(options.db, options.maxDbAgeMs);
  if (dbProblem !== undefined) {
    options.log.error(`Vulnerability DB: ${dbProblem}; nothing is scanned with it.`);
    const stale = images.map((image) => ({
      image,
      platforms: [],
      status: 'stale-db' as const,
      reason: dbProblem,
      counts: zeroCounts(),
      fixable: zeroCounts(),
      blocking: 0,
    }));
    return { images: stale, verdict: 'stale-db', counts: zeroCounts(), fixable: zeroCounts(), expired, db: options.db, dbProblem };
  }
  const scans: ImageScan[] = [];
  for (const image of images) {
    scans.push(await options.log.group(`trivy: ${image}`, () => scanImage(image, options)));
  }
  const result: ScanResult = {
    images: scans,
    verdict: worstStatus(scans.map((s) => s.status)),
    counts: scans.reduce((sum, s) => addCounts(sum, s.counts), zeroCounts()),
    fixable: scans.reduce((sum, s) => addCounts(sum, s.fixable), zeroCounts()),
    expired,
    db: options.db,
  };
  if (options.formats.includes('sarif')) {
    const path = join(options.outputDir, 'trivy.sarif');
    const runs = scans.flatMap((s) =>
      s.platforms.map((p) => ({
        image: p.image,
        platform: p.platform,
        findings: p.findings,
        verdict: p.verdict,
        toolVersion: options.toolVersion,
        ...(p.status === 'unscannable' ? { unscannable: p.reason } : {}),
      })),
    );
    await writeFile(path, `${JSON.stringify(toSarif(runs), null, 2)}\n`);
    result.sarif = path;
  }
  return result;
}

async function scanImage(image: string, options: ScanOptions): Promise<ImageScan> {
  const reference = parseDigestReference(image, 'image');
  const platforms: PlatformScan[] = [];
  for (const platform of await platformManifests(options.registry, image)) {
    const platformImage = byDigest(reference, platform.digest);
    platforms.push(await scanPlatform(image, platform.platform, platformImage, options));
  }
  const status = worstStatus(platforms.map((p) => p.status));
  const scan: ImageScan = {
    image,
    platforms,
    status,
    reason: imageReason(platforms, status),
    counts: platforms.reduce((sum, p) => addCounts(sum, p.verdict.counts), zeroCounts()),
    fixable: platforms.reduce((sum, p) => addCounts(sum, p.verdict.fixable), zeroCounts()),
    blocking: platforms.reduce((sum, p) => sum + p.verdict.blocking.length, 0),
  };
  if (options.formats.includes('cyclonedx')) {
    scan.sbom = join(options.outputDir, `${fileStem(image)}.image.cdx.json`);
    const merged = await mergeSboms(
      image,
      platforms.map((p) => ({ platform: p.platform, image: p.image, file: p.sbom ?? '' })),
    );
    await writeFile(scan.sbom, `${JSON.stringify(merged, null, 2)}\n`);
  }
  options.log.info(`${image}: ${status}: ${scan.reason}`);
  return scan;
}

async function scanPlatform(image: string, platform: string, platformImage: string, options: ScanOptions): Promise<PlatformScan> {
  const base = join(options.outputDir, fileStem(platformImage));
  const report = `${base}.trivy.json`;
  await runChecked(options.runner, {
    file: options.trivy,
    args: [
      'image',
      '--cache-dir',
      options.cacheDir,
      '--skip-db-update',
      '--skip-java-db-update',
      ...QUIET_FLAGS,
      '--image-src',
      'remote',
      '--scanners',
      'vuln',
      '--list-all-pkgs',
      '--format',
      'json',
      '--output',
      report,
      platformImage,
    ],
  });
  const parsed = parseReport(await readFile(report, 'utf8'), report);
  // The ignore file scopes entries by the image as the user names it, not by a platform's digest.
  const verdict = evaluate(image, parsed.findings, options.policy, options.ignores, options.today);
  const described = await readPlatformImage(
    options.registry,
    image,
    { platform, digest: parseDigestReference(platformImage, 'image').digest },
    { recognise: true },
  );
  const coverage = compareCoverage(packageRecords(described.files), described.files, parsed);
  const status: ScanStatus = coverage.verdict === 'unscannable' ? 'unscannable' : verdict.verdict;
  const reason =
    status === 'unscannable'
      ? `${coverage.unseen.join('; ')}${verdict.blocking.length > 0 ? `; and of what it did see: ${verdictReason(verdict, options.policy)}` : ''}`
      : verdictReason(verdict, options.policy);
  const scan: PlatformScan = { platform, image: platformImage, report, findings: parsed.findings, verdict, coverage, status, reason };
  if (options.formats.includes('cyclonedx')) {
    scan.sbom = `${base}.cdx.json`;
    await convert(options, report, 'cyclonedx', scan.sbom);
  }
  if (options.formats.includes('table')) {
    scan.table = `${base}.table.txt`;
    await convert(options, report, 'table', scan.table);
    options.log.info(await readFile(scan.table, 'utf8'));
  }
  options.log.info(
    `${platform}: ${parsed.packages.length} packages listed, ${parsed.findings.length} findings, ${verdict.blocking.length} blocking, ${verdict.ignored.length} ignored; ${status}`,
  );
  return scan;
}

/**
 * The image's reason, without its verdict (the caller says that): each
 * platform that did not pass, named, with what it found; or, when all passed,
 * what each found.
 */
function imageReason(platforms: readonly PlatformScan[], status: ScanStatus): string {
  if (platforms.length === 0) return 'the image has no platform image to scan';
  const shown = status === 'pass' ? platforms : platforms.filter((p) => p.status !== 'pass');
  return shown
    .map((p) => {
      const also = p.status !== status ? ` (${p.status})` : '';
      return status === 'pass' && platforms.length === 1 ? p.reason : `${p.platform}${also}: ${p.reason}`;
    })
    .join('; ');
}

/** Other formats come from the JSON report (`trivy convert`), never from a second scan that could see something else. */
async function convert(options: ScanOptions, report: string, format: string, output: string): Promise<void> {
  await runChecked(options.runner, { file: options.trivy, args: ['convert', '--format', format, '--output', output, report], quiet: true });
}

/** `lab-app-6618e4843038` for `127.0.0.1:5001/lab/app@sha256:6618e484...`: readable and distinct per digest. */
export function fileStem(image: string): string {
  const [name = image, digest = ''] = image.split('@');
  const path = name.replace(/^[^/]*[.:][^/]*\//, '');
  return `${path.replace(/[^A-Za-z0-9._-]+/g, '-')}-${digest.replace(/^sha256:/, '').slice(0, 12)}`;
}
