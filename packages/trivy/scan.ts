import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logging/index.js';
import { parseDigestReference } from '../oci/index.js';
import { type CommandRunner, runChecked } from '../process/index.js';
import { QUIET_FLAGS } from './db.js';
import { evaluate, expiredEntries, type GatePolicy, type ImageVerdict } from './gate.js';
import type { IgnoreEntry } from './ignore-file.js';
import { type Finding, parseReport } from './report.js';
import { toSarif } from './sarif.js';
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
  /** `registry/repository@sha256:...`, each. */
  images: readonly string[];
  formats: readonly ExtraFormat[];
  policy: GatePolicy;
  ignores: readonly IgnoreEntry[];
  today: string;
  runner: CommandRunner;
  log: Logger;
}

export interface ImageScan {
  image: string;
  /** trivy's JSON report. */
  report: string;
  /** CycloneDX SBOM, when asked for. */
  sbom?: string;
  /** trivy's table, when asked for. */
  table?: string;
  findings: Finding[];
  verdict: ImageVerdict;
}

export interface ScanResult {
  images: ImageScan[];
  /** One SARIF log with a run per image, when asked for. */
  sarif?: string;
  verdict: 'pass' | 'fail';
  counts: SeverityCounts;
  fixable: SeverityCounts;
  expired: IgnoreEntry[];
}

/**
 * Scans each image by digest with the DB prepared once, renders the asked
 * formats from each JSON report, and gates every image on its findings.
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
  const scans: ImageScan[] = [];
  for (const image of images) {
    scans.push(await options.log.group(`trivy: ${image}`, () => scanImage(image, options)));
  }
  const result: ScanResult = {
    images: scans,
    verdict: scans.some((s) => s.verdict.verdict === 'fail') ? 'fail' : 'pass',
    counts: scans.reduce((sum, s) => addCounts(sum, s.verdict.counts), zeroCounts()),
    fixable: scans.reduce((sum, s) => addCounts(sum, s.verdict.fixable), zeroCounts()),
    expired,
  };
  if (options.formats.includes('sarif')) {
    const path = join(options.outputDir, 'trivy.sarif');
    const log = toSarif(scans.map((s) => ({ image: s.image, findings: s.findings, verdict: s.verdict, toolVersion: options.toolVersion })));
    await writeFile(path, `${JSON.stringify(log, null, 2)}\n`);
    result.sarif = path;
  }
  return result;
}

async function scanImage(image: string, options: ScanOptions): Promise<ImageScan> {
  const base = join(options.outputDir, fileStem(image));
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
      image,
    ],
  });
  const { findings } = parseReport(await readFile(report, 'utf8'), report);
  const scan: ImageScan = { image, report, findings, verdict: evaluate(image, findings, options.policy, options.ignores, options.today) };
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
    `${image}: ${findings.length} findings, ${scan.verdict.blocking.length} blocking, ${scan.verdict.ignored.length} ignored`,
  );
  return scan;
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
