import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '../catalog/index.js';
import {
  type AttestationSigner,
  attestPredicate,
  type IdentityInputs,
  type RunEnvironment,
  type RunPolicy,
  readAttestations,
  type SigningKey,
  verifySignature,
} from '../cosign/index.js';
import { isUserError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import type { CommandRunner } from '../process/index.js';
import type { RegistryClient } from '../registry/index.js';
import { transientRegistryFailure } from '../retry/index.js';
import {
  bySeverityThenId,
  type DbCacheStore,
  type DbState,
  evaluate,
  type Finding,
  type GatePolicy,
  type IgnoreEntry,
  type ImageScan,
  isFixable,
  prepareDb,
  scanOneImage,
  utcDate,
  verdictReason,
} from '../trivy/index.js';
import { compareScans, sameResult } from './compare.js';
import { type DigestScan, findingKey, type ImageResult, RESULT_FILE, type RescanResult, type TagResult } from './model.js';
import { digestScan, latestScan, type ScannedDigest, toRecorded, VULN_PREDICATE_TYPE, vulnPredicate } from './predicate.js';
import { writeImageSarif } from './sarif.js';
import { type ImageTargets, type PublishedTag, publishedTargets } from './targets.js';

export interface RescanSettings {
  catalog: Catalog;
  /** Read from this registry instead of the catalog's. */
  registry?: string;
  tagTemplate?: string;
  /** Only these applications; every image of the catalog when empty. */
  applications?: readonly string[];
  /** The build's gate and ignore file. */
  policy: GatePolicy;
  ignores: readonly IgnoreEntry[];
  /** Where the vulnerability DB comes from, in order. */
  dbRepositories: readonly string[];
  /** The cache key of the run's DB, when a job before this one fetched it (`phase: db` of the root action); see prepareDb. */
  dbCacheKey?: string;
  /** The oldest DB a rescan may scan with (the build's max-db-age): an older one reports every tag as not checked. */
  maxDbAgeMs: number;
  /** Who must have signed what is published: the publish job's key, or its keyless identity. */
  signatures: { publicKey?: string; identity: IdentityInputs; run?: RunPolicy; transparencyLog: boolean };
  /**
   * How the results are kept on the digests as signed vuln attestations, and
   * read back next time. Without a private key (or OIDC for keyless) they are
   * only read; `off`: neither (every finding then counts as new).
   */
  attestations: { key?: SigningKey; publicKey?: string; identity: IdentityInputs; transparencyLog: boolean; write: boolean } | 'off';
  /** Reports, SBOMs and SARIF go here. */
  outputDir: string;
  run?: { url: string; id: string };
  env: RunEnvironment;
  now: () => Date;
}

export interface RescanServices {
  runner: CommandRunner;
  log: Logger;
  /** Reads the tags, and each image's platforms and package records for the scan's coverage check. */
  registry: RegistryClient;
  trivy: { path: string; version: string };
  cosign: string;
  /** Where the vulnerability DB is kept between jobs (the Actions cache). */
  dbStore: DbCacheStore;
  /** A private scratch directory (trivy's cache, key files). */
  tempDir: string;
}

type Verification = { status: 'verified' } | { status: 'tampered' | 'error'; reason: string };

/**
 * Rescans what the catalog's images have published: every planned tag the
 * registry has, resolved to its digest; the digest's signature checked as
 * the publish job checks it (a digest that does not verify is tampered, and
 * left as it is); every verified digest scanned with one vulnerability DB for
 * the whole run, through the build's gate and ignore file; the result
 * compared with the last rescan of the same digest and, when it differs,
 * attested on the digest, where the next rescan reads it.
 */
export async function rescan(settings: RescanSettings, services: RescanServices): Promise<RescanResult> {
  const { log } = services;
  const startedAt = settings.now().toISOString();
  const today = utcDate(settings.now());
  const targets = await publishedTargets(settings.catalog, services.registry, {
    ...(settings.registry !== undefined ? { registry: settings.registry } : {}),
    ...(settings.tagTemplate !== undefined ? { tagTemplate: settings.tagTemplate } : {}),
    ...(settings.applications !== undefined ? { applications: settings.applications } : {}),
  });
  await mkdir(services.tempDir, { recursive: true });
  const work = await mkdtemp(join(services.tempDir, 'rescan-'));
  try {
    // Signatures are checked one after the other, all queued at once, so that
    // cosign works on the next digests while trivy scans the first.
    const verifications = new Map<string, Promise<Verification>>();
    let queue: Promise<unknown> = Promise.resolve();
    const verify = (image: string): Promise<Verification> => {
      let found = verifications.get(image);
      if (!found) {
        found = queue.then(() => verifyDigest(settings, services, image, work));
        // Awaited later, by its tag; the queue goes on whatever one check did.
        queue = found.catch(() => undefined);
        verifications.set(image, found);
      }
      return found;
    };
    for (const target of targets) for (const tag of target.published) void verify(`${tag.repository}@${tag.digest}`);
    const cacheDir = join(services.tempDir, 'trivy-cache');
    let db: Promise<DbState> | undefined;
    let signer: Promise<AttestationSigner | undefined> | undefined;
    const scans = new Map<string, Promise<DigestOutcome>>();
    const scanOnce = (image: string): Promise<DigestOutcome> => {
      let found = scans.get(image);
      if (!found) {
        db ??= log.group('Vulnerability DB (once for the whole rescan)', () =>
          prepareDb({
            trivy: services.trivy.path,
            cacheDir,
            repositories: settings.dbRepositories,
            store: services.dbStore,
            runner: services.runner,
            log,
            today,
            ...(settings.dbCacheKey !== undefined ? { runKey: settings.dbCacheKey } : {}),
          }),
        );
        signer ??= attestationSigner(settings, services, work);
        const attestations = signer;
        found = db.then(async (state) =>
          scanDigest(settings, services, image, { cacheDir, today, startedAt, work, db: state, signer: await attestations }),
        );
        scans.set(image, found);
      }
      return found;
    };

    const images: ImageResult[] = [];
    for (const target of targets) {
      images.push(await log.group(`rescan: ${target.application}`, () => rescanImage(settings, services, target, verify, scanOnce)));
    }
    const state = db ? await db : undefined;
    return {
      schema: 1,
      startedAt,
      finishedAt: settings.now().toISOString(),
      ...(settings.run ? { run: settings.run } : {}),
      policy: settings.policy,
      trivyVersion: services.trivy.version,
      db: { source: state?.source ?? 'not needed', ...(state?.repository ? { repository: state.repository } : {}) },
      images,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function rescanImage(
  settings: RescanSettings,
  services: RescanServices,
  target: ImageTargets,
  verify: (image: string) => Promise<Verification>,
  scanOnce: (image: string) => Promise<DigestOutcome>,
): Promise<ImageResult> {
  const tags: TagResult[] = [];
  const scanned: { tag: string; scan: ImageScan }[] = [];
  for (const unreadable of target.unreadable) {
    tags.push({
      tag: unreadable.tag,
      repository: unreadable.repository,
      status: 'error',
      reason: `the registry could not be read: ${unreadable.reason}`,
      blocking: [],
      fixable: false,
    });
  }
  for (const published of target.published) {
    const result = await rescanTag(settings, published, verify, scanOnce);
    tags.push(result.tag);
    if (result.scan) scanned.push({ tag: published.tag, scan: result.scan });
    services.log.info(`${published.tag}: ${result.tag.reason}`);
  }
  const sarif = await writeImageSarif(join(settings.outputDir, 'sarif'), target.application, scanned, services.trivy.version);
  const status = tags.some((t) => t.status === 'error')
    ? 'error'
    : tags.some((t) => t.status === 'findings' || t.status === 'tampered')
      ? 'fail'
      : 'pass';
  return {
    application: target.application,
    key: target.key,
    owners: target.owners,
    status,
    rebuild: tags.some((t) => t.status === 'findings' && t.fixable),
    tags,
    unpublished: target.unpublished,
    ...(sarif !== undefined ? { sarif } : {}),
  };
}

async function rescanTag(
  settings: RescanSettings,
  published: PublishedTag,
  verify: (image: string) => Promise<Verification>,
  scanOnce: (image: string) => Promise<DigestOutcome>,
): Promise<{ tag: TagResult; scan?: ImageScan }> {
  const image = `${published.repository}@${published.digest}`;
  const base = { tag: published.tag, repository: published.repository, digest: published.digest, blocking: [], fixable: false };
  const verification = await verify(image);
  if (verification.status !== 'verified') return { tag: { ...base, status: verification.status, reason: verification.reason } };
  let outcome: DigestOutcome;
  try {
    outcome = await scanOnce(image);
  } catch (error: unknown) {
    if (isUserError(error)) throw error;
    return { tag: { ...base, status: 'error', reason: `the scan failed: ${error instanceof Error ? error.message : String(error)}` } };
  }
  const { scan, view, current, changes, attestation } = outcome;
  const reports = scan.platforms.map((p) => p.report);
  // A scan that could not see into the image (no OS found, packages trivy did not list) or ran on a DB
  // too old is no verdict at all: the tag is not checked, never clean.
  if (scan.status === 'unscannable' || scan.status === 'stale-db') {
    return { tag: { ...base, status: 'error', reason: `${scan.status}: ${scan.reason}`, reports }, scan };
  }
  const blocking = view.verdict.blocking.map(toRecorded);
  const fixable = view.verdict.blocking.some(isFixable);
  const status = current.verdict === 'fail' ? 'findings' : 'clean';
  return {
    tag: {
      ...base,
      status,
      reason: tagReason(status, view, settings.policy, changes),
      blocking,
      changes,
      fixable,
      reports,
      attestation,
    },
    scan,
  };
}

function tagReason(status: 'clean' | 'findings', scan: DigestView, policy: GatePolicy, changes: TagResult['changes']): string {
  if (status === 'clean') return `clean: ${verdictReason(scan.verdict, policy)}`;
  const blocking = new Set(scan.verdict.blocking.map(findingKey));
  const fresh = (changes?.new ?? []).filter((f) => blocking.has(findingKey(f)));
  const since = changes?.since ? `since the rescan of ${changes.since.slice(0, 10)}` : 'since publishing';
  const named = fresh.length > 0 ? `new ${since}: ${fresh.map((f) => `${f.id} (${f.pkg})`).join(', ')}` : `none new ${since}`;
  return `findings: ${verdictReason(scan.verdict, policy)}; ${named}`;
}

/** The signature check the publish job makes, on the digest the tag names now. */
async function verifyDigest(settings: RescanSettings, services: RescanServices, image: string, work: string): Promise<Verification> {
  const dir = await mkdtemp(join(work, 'verify-'));
  try {
    await verifySignature(services.runner, services.log, {
      cosign: services.cosign,
      image,
      ...(settings.signatures.publicKey !== undefined ? { publicKey: settings.signatures.publicKey } : {}),
      identity: settings.signatures.identity,
      ...(settings.signatures.run !== undefined ? { run: settings.signatures.run } : {}),
      transparencyLog: settings.signatures.transparencyLog,
      workDir: dir,
      env: settings.env,
    });
    return { status: 'verified' };
  } catch (error: unknown) {
    if (isUserError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const transient = transientRegistryFailure(message);
    if (transient !== undefined) return { status: 'error', reason: `the signature could not be checked (${transient}): ${message}` };
    return {
      status: 'tampered',
      reason: `TAMPERED: the tag names ${image.split('@')[1] ?? image}, which carries no signature that verifies (${message.replace(/^no signature of \S+ verifies: /, '')}); left as it is`,
    };
  }
}

interface DigestOutcome {
  scan: ImageScan;
  view: DigestView;
  current: DigestScan;
  changes: NonNullable<TagResult['changes']>;
  attestation: NonNullable<TagResult['attestation']>;
}

interface ScanContext {
  cacheDir: string;
  today: string;
  startedAt: string;
  work: string;
  /** The DB, prepared once for the whole rescan. */
  db: DbState;
  /** One for the whole rescan: it derives the public key once. */
  signer: AttestationSigner | undefined;
}

async function scanDigest(settings: RescanSettings, services: RescanServices, image: string, context: ScanContext): Promise<DigestOutcome> {
  const { cacheDir, today, startedAt, work, signer, db } = context;
  const digest = image.split('@')[1] ?? '';
  // The last rescan is read while trivy scans.
  const last = signer ? previousScan(services, signer, image, digest) : Promise.resolve(undefined);
  last.catch(() => undefined);
  const { policy, ignores, maxDbAgeMs } = settings;
  const { registry, runner, log } = services;
  // trivy's JSON report is the report: a CycloneDX rendering would cost a second trivy run per digest.
  const outputDir = join(settings.outputDir, 'reports');
  const tool = { trivy: services.trivy.path, toolVersion: services.trivy.version, cacheDir, outputDir, formats: [], registry, runner, log };
  const { scan } = await scanOneImage(image, { ...tool, policy, ignores, today, db, maxDbAgeMs });
  const view = digestView(scan, settings, today);
  const current = digestScan(digest, view, settings.policy, settings.now().toISOString());
  const previous = await last;
  const changes = compareScans(previous, current);
  let attestation: DigestOutcome['attestation'] = 'off';
  if (signer && settings.attestations !== 'off') {
    if (previous && sameResult(previous, current)) {
      attestation = 'unchanged';
    } else if (settings.attestations.write) {
      const file = join(work, `vuln-${digest.replace(/^sha256:/, '').slice(0, 16)}.json`);
      const context = {
        trivyVersion: services.trivy.version,
        startedAt,
        ...(settings.dbRepositories[0] !== undefined ? { dbRepository: settings.dbRepositories[0] } : {}),
        ...(settings.run ? { run: settings.run } : {}),
      };
      await writeFile(file, `${JSON.stringify(vulnPredicate(current, context), null, 2)}\n`);
      await attestPredicate(services.runner, services.log, signer, image, 'vuln', file);
      attestation = 'written';
    }
  }
  return { scan, view, current, changes, attestation };
}

/** What a digest's scan found, every platform together. */
export interface DigestView extends ScannedDigest {
  scan: ImageScan;
}

/**
 * The digest as one image: every platform's findings together (a finding on
 * any platform counts, once), judged by the same gate. The rescan keeps one
 * record per digest; the SARIF keeps each platform apart.
 */
export function digestView(scan: ImageScan, settings: Pick<RescanSettings, 'policy' | 'ignores'>, today: string): DigestView {
  const unique = new Map<string, Finding>();
  for (const platform of scan.platforms) for (const finding of platform.findings) unique.set(findingKey(finding), finding);
  const findings = [...unique.values()];
  const verdict = evaluate(scan.image, findings, settings.policy, settings.ignores, today);
  verdict.blocking.sort(bySeverityThenId);
  return { scan, findings, verdict };
}

async function attestationSigner(settings: RescanSettings, services: RescanServices, work: string): Promise<AttestationSigner | undefined> {
  if (settings.attestations === 'off') return undefined;
  const { key, publicKey, identity, transparencyLog } = settings.attestations;
  return {
    cosign: services.cosign,
    ...(key !== undefined ? { key } : {}),
    ...(publicKey !== undefined ? { publicKey } : {}),
    identity,
    transparencyLog,
    workDir: await mkdtemp(join(work, 'attest-')),
    env: settings.env,
  };
}

/** The last rescan of this digest, from its verified vuln attestations; none on its first rescan. */
async function previousScan(
  services: RescanServices,
  signer: AttestationSigner,
  image: string,
  digest: string,
): Promise<DigestScan | undefined> {
  const read = await readAttestations(services.runner, signer, image, 'vuln');
  if (read.none !== undefined) {
    services.log.info(`${image}: no earlier rescan attested (${read.none})`);
    return undefined;
  }
  const latest = latestScan(read.statements, digest);
  services.log.info(
    latest
      ? `${image}: comparing with the rescan of ${latest.scannedAt} (${read.statements.length} ${VULN_PREDICATE_TYPE} attestations)`
      : `${image}: ${read.statements.length} vuln attestations, none of them this project's`,
  );
  return latest;
}

/** The result where the later jobs (rebuild, issues) read it. */
export async function writeResult(dir: string, result: RescanResult): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, RESULT_FILE);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
