import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { confine } from '../catalog/index.js';
import type { SigningKey } from '../cosign/index.js';
import { UserError } from '../errors/index.js';
import { importStep } from '../imports/index.js';
import { BufferedLogger, type Logger } from '../logging/index.js';
import { parseReference } from '../oci/index.js';
import type { PlanEntry } from '../plan/entry.js';
import { type CommandRunner, inParallel, loggingRunner } from '../process/index.js';
import { actionCredentials, dockerLogin, dockerLogout, type Login, RegistryClient } from '../registry/index.js';
import { DEFAULT_RETRY_POLICY } from '../retry/index.js';
import { type DbCacheStore, type GatePolicy, loadIgnoreFile, utcDate } from '../trivy/index.js';
import { buildOrImport, buildStep } from './build-step.js';
import { type ChainReport, debugTwinId, type ImageOutcome, runChain } from './chain.js';
import { readOutcomes, recordName, writeOutcome } from './outcomes.js';
import { type PushRegistry, pushedEntry, pushedOutcome } from './push-registry.js';
import { type ScanShared, scanStep } from './scan-step.js';
import { PHASES, type Phase } from './steps.js';
import { testStep } from './test-step.js';
import { toolSteps } from './tool-steps.js';

/** The tools a phase runs, installed (or found on PATH) by the caller. */
export interface ChainTools {
  docker: string;
  trivy?: { path: string; version: string };
  cosign?: { path: string; version: string };
  /** The copy tool of an import's build phase. */
  regctl?: { path: string; version: string };
}

/** Which tools a step installs. */
export interface ToolNeeds {
  trivy: boolean;
  cosign: boolean;
  regctl: boolean;
}

/** One step of the root action, every input read and checked. */
export interface ChainStepSettings {
  /** The plan entries of this step: one, or a batch (matrix-expand's `batch`), none of them a parent of another. */
  entries: readonly PlanEntry[];
  /** How many of the batch run at the same time; 1 runs them one after another. */
  concurrency: number;
  /** The repository root: entry paths are relative to it. */
  workspace: string;
  /** Outcome records of this run: read for parents and the phase before, written for this step's work. */
  resultsDir: string;
  phases: readonly Phase[];
  sign: boolean;
  publish: boolean;
  /**
   * Push what this step builds here instead of where the plan publishes (a
   * pull request's registry that lives only for the job); see push-registry.ts.
   */
  pushRegistry?: PushRegistry;
  /** Explicit login for the entries' registries; without it, logins come from the docker config. */
  login?: Omit<Login, 'registry'>;
  registryCache: boolean;
  scan: {
    policy: GatePolicy;
    ignoreFile?: string;
    dbRepositories: readonly string[];
    /** The cache key of the run's DB, fetched once before every scan (`phase: db`); empty: this step gets it. */
    dbCacheKey?: string;
    /** The oldest the vulnerability DB may be (`max-db-age`), in milliseconds. */
    maxDbAgeMs: number;
  };
  signing: {
    key?: SigningKey;
    transparencyLog: boolean;
    /** Keyless: the exact identity (signing workflow and ref) the certificate must carry. */
    identity?: string;
    identityRegexp?: string;
    /** The trusted public key signatures must verify with. */
    publicKey?: string;
  };
  /** The run's environment (GITHUB_*, DOCKER_CONFIG, HOME). */
  env: Readonly<Record<string, string | undefined>>;
  now: Date;
}

export interface ChainStepServices {
  runner: CommandRunner;
  log: Logger;
  /** A private temporary directory of the step. */
  tempDir: string;
  /** Installs the tools the phases need: trivy only to scan, cosign only to sign or verify, regctl only to import. */
  tools(needs: ToolNeeds, workDir: string): Promise<ChainTools>;
  /** Where the vulnerability DB is kept between jobs. */
  dbStore: DbCacheStore;
}

export interface ChainStepResult {
  /** Every outcome: each entry's, then its twin's, in the order of `entries`. */
  report: ChainReport;
  /** Each entry's own outcome (not its twin's), in the order of `entries`. */
  mains: ImageOutcome[];
  /** Files this step wrote (records and SBOMs), for the artifact that carries them to the next job. */
  files: string[];
  /** Each entry's record of this step, or '' where this step wrote none, in the order of `entries`. */
  recordFiles: string[];
  /** The scans' SARIF files, kept after the step for the upload to code scanning. */
  sarifs: string[];
  /** Outcomes this step stopped (not those an earlier job had stopped). */
  stoppedHere: ImageOutcome[];
}

/**
 * What one step of the root action does for its plan entries: reads the
 * records it continues from; an entry an earlier job stopped gets nothing
 * more. For the others it installs the phases' tools once, logs in to each
 * of their registries once (explicit credentials only, with retry, logged
 * out at the end), runs the chain's phases for each entry (`concurrency`
 * at a time, each entry's log held and printed whole when it ends), and
 * writes this step's records.
 */
export async function runChainStep(given: ChainStepSettings, services: ChainStepServices): Promise<ChainStepResult> {
  const push = given.pushRegistry;
  const entries = push ? given.entries.map((e) => pushedEntry(e, push)) : [...given.entries];
  const settings = { ...given, entries };
  const { phases, resultsDir } = settings;
  if (entries.length === 0) throw new Error('a chain step needs at least one plan entry');
  if (push) {
    const parents = [...new Set(entries.flatMap((e) => e.publishedParents.map((p) => p.image)))];
    services.log.info(
      `pushing to ${push.host}, a registry of this job only${parents.length > 0 ? `; published parents are read where they are published: ${parents.join(', ')}` : ''}`,
    );
  }
  // Parents' records (their digests), and each entry's own (and its twin's) from the phase before.
  const wanted = new Set(entries.flatMap((e) => [...e.parents.map((p) => p.entry), e.id, debugTwinId(e.id)]));
  const read = await readOutcomes(resultsDir, wanted);
  const previous = push ? read.map((o) => pushedOutcome(o, push)) : read;
  const stoppedBefore = new Map<string, ImageOutcome>();
  for (const entry of entries) {
    const own = previous.find((o) => o.id === entry.id);
    if (phases[0] !== 'build' && own?.status === 'stopped') {
      services.log.info(`${entry.id} stopped at ${own.stoppedAt ?? 'an earlier gate'} in the ${own.phase} job; nothing to do in this one`);
      stoppedBefore.set(entry.id, own);
    }
  }
  const todo = entries.filter((e) => !stoppedBefore.has(e.id));
  // The records are written before the work directory goes: they copy the SBOMs out of it.
  const result = (reports: ReadonlyMap<string, ChainReport>) =>
    record(settings, entries, (entry) => {
      const before = stoppedBefore.get(entry.id);
      return before !== undefined ? { outcomes: [before] } : reports.get(entry.id);
    });
  if (todo.length === 0) return result(new Map());
  const ignores =
    settings.scan.ignoreFile !== undefined ? await loadIgnoreFile(ignoreFilePath(settings.workspace, settings.scan.ignoreFile)) : [];
  const workDir = await mkdtemp(join(services.tempDir, 'image-actions-chain-'));
  try {
    const tools = await services.tools(
      {
        trivy: phases.includes('scan'),
        // An import's upstream signature is checked before it is copied.
        cosign:
          ((phases.includes('sign') || phases.includes('publish')) && settings.sign) ||
          (phases.includes('build') && todo.some((e) => e.import?.signature !== undefined)),
        // Installed by the import step itself, only when there is something to copy.
        regctl: false,
      },
      workDir,
    );
    // buildx, trivy and cosign read the docker config: an explicit login goes there, for this step only.
    const registries = [...new Set(todo.map((e) => parseReference(e.repository, 'repository').registry))];
    const explicit = settings.login;
    const logins: Login[] = explicit ? registries.map((registry) => ({ registry, ...explicit })) : [];
    const loggedIn: Login[] = [];
    try {
      for (const login of logins) {
        await dockerLogin(services.runner, services.log, tools.docker, login, DEFAULT_RETRY_POLICY);
        loggedIn.push(login);
      }
      const sarifDir = phases.includes('scan') ? await mkdtemp(join(services.tempDir, 'image-actions-sarif-')) : undefined;
      const shared: SharedRun = { tools, workDir, previous, ignores, logins, scan: {}, ...(sarifDir !== undefined ? { sarifDir } : {}) };
      const beside = todo.length > 1 && settings.concurrency > 1;
      const done = await inParallel(todo, settings.concurrency, (entry) => runEntry(settings, services, shared, entry, beside));
      return await result(new Map(todo.map((entry, i) => [entry.id, done[i] as ChainReport])));
    } finally {
      for (const login of loggedIn) {
        await dockerLogout(services.runner, tools.docker, login.registry).catch((error: unknown) =>
          services.log.warning(`docker logout ${login.registry} failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
    }
  } finally {
    // The SARIF files were kept outside it (keepSarifs).
    await rm(workDir, { recursive: true, force: true });
  }
}

/** What the entries of one step share: tools, logins, the records read, the ignore file, the vulnerability DB. */
interface SharedRun {
  tools: ChainTools;
  workDir: string;
  previous: ImageOutcome[];
  ignores: Awaited<ReturnType<typeof loadIgnoreFile>>;
  logins: Login[];
  scan: ScanShared;
  regctl?: Promise<string>;
  /** Where the scans' SARIF files are kept for the upload after the step (only when this step scans). */
  sarifDir?: string;
}

/**
 * The chain's phases for one entry (and its twin). Beside other entries its
 * log and its commands' output are held, and printed as one group when it ends.
 */
async function runEntry(
  settings: ChainStepSettings,
  services: ChainStepServices,
  shared: SharedRun,
  entry: PlanEntry,
  beside: boolean,
): Promise<ChainReport> {
  if (!beside) return runPhases(settings, services.runner, services.log, services, shared, entry);
  const held = new BufferedLogger(services.log);
  const started = Date.now();
  services.log.info(`${entry.id}: started`);
  try {
    return await runPhases(settings, loggingRunner(services.runner, held), held, services, shared, entry);
  } finally {
    await services.log.group(`${entry.id} (${((Date.now() - started) / 1000).toFixed(1)} s)`, async () => held.flush());
  }
}

async function runPhases(
  settings: ChainStepSettings,
  runner: CommandRunner,
  log: Logger,
  services: ChainStepServices,
  run: SharedRun,
  entry: PlanEntry,
): Promise<ChainReport> {
  const { tools } = run;
  // Each entry its own directory: the scan's reports and the signing files are named per entry, but kept apart all the same.
  const workDir = await mkdtemp(join(run.workDir, 'entry-'));
  const login = run.logins.find((l) => l.registry === parseReference(entry.repository, 'repository').registry);
  const registry = new RegistryClient({ credentials: actionCredentials(login, { runner, env: settings.env, log }), log });
  const steps = toolSteps({
    runner,
    log,
    docker: tools.docker,
    registry,
    cosign: tools.cosign?.path ?? 'cosign-not-installed-for-this-phase',
    workDir,
    ...(settings.signing.key !== undefined ? { key: settings.signing.key } : {}),
    transparencyLog: settings.signing.transparencyLog,
    identity: {
      ...(settings.signing.identity !== undefined ? { identity: settings.signing.identity } : {}),
      ...(settings.signing.identityRegexp !== undefined ? { identityRegexp: settings.signing.identityRegexp } : {}),
    },
    ...(settings.signing.publicKey !== undefined ? { publicKey: settings.signing.publicKey } : {}),
    env: settings.env,
    build: buildOrImport(
      buildStep({
        runner,
        log,
        docker: tools.docker,
        workspace: settings.workspace,
        workDir,
        registry,
        registryCache: settings.registryCache,
        env: settings.env,
      }),
      importStep({
        runner,
        log,
        registry,
        regctl: async () => {
          run.regctl ??= services
            .tools({ trivy: false, cosign: false, regctl: true }, run.workDir)
            .then((found) => installed(found.regctl, 'regctl'));
          return run.regctl;
        },
        cosign: () => installed(tools.cosign, 'cosign'),
        workDir,
        env: settings.env,
      }),
    ),
    test: testStep({ runner, log, docker: tools.docker, registry }),
    scan: tools.trivy
      ? scanStep({
          runner,
          log,
          trivy: tools.trivy.path,
          trivyVersion: tools.trivy.version,
          cacheDir: join(services.tempDir, 'trivy-cache'),
          workDir,
          policy: settings.scan.policy,
          ignores: run.ignores,
          dbRepositories: settings.scan.dbRepositories,
          store: services.dbStore,
          ...(settings.scan.dbCacheKey !== undefined ? { dbCacheKey: settings.scan.dbCacheKey } : {}),
          maxDbAgeMs: settings.scan.maxDbAgeMs,
          registry,
          today: utcDate(settings.now),
          now: settings.now,
          shared: run.scan,
        })
      : () => Promise.reject(new Error('trivy is not installed for this phase')),
  });
  const report = await runChain([entry], steps, {
    sign: settings.sign,
    publish: settings.publish,
    phases: settings.phases,
    previous: run.previous,
    log,
  });
  if (run.sarifDir !== undefined) await keepSarifs(report, run.sarifDir);
  return report;
}

/**
 * The scan writes its SARIF in the entry's work directory, which goes when the
 * step ends; the upload to code scanning runs after the step, so the SARIF is
 * kept in a directory of the step's, one file per image (the upload takes
 * the directory of a batch whole: each run in a file names its own category).
 */
async function keepSarifs(report: ChainReport, dir: string): Promise<void> {
  for (const outcome of report.outcomes) {
    if (outcome.sarif === undefined) continue;
    const kept = join(dir, `${outcome.id}.sarif`);
    await copyFile(outcome.sarif, kept);
    outcome.sarif = kept;
  }
}

/** A tool the step was to install, or why it is not there. */
function installed(tool: { path: string } | undefined, name: string): Promise<string> {
  return tool ? Promise.resolve(tool.path) : Promise.reject(new Error(`${name} is not installed for this phase`));
}

/**
 * The scan's ignore file. A relative path is read from the repository, and
 * must stay inside it after symlinks (a pull request could otherwise make
 * the check read, and quote in its errors, a file of the runner); an
 * absolute one is the workflow's own choice (a file an earlier step wrote).
 */
export function ignoreFilePath(workspace: string, written: string): string {
  if (isAbsolute(written)) return written;
  const where = confine(workspace, workspace, written);
  if (!where.inside) {
    throw new UserError({
      message: `input 'ignore-file' is '${written}', which leaves the repository: it ${where.why}.`,
      hint: 'Give the path of the ignore file inside the repository, relative to it.',
    });
  }
  return where.path;
}

/** Only what this step worked on is written: a record an earlier job wrote stays as it is. */
async function record(
  settings: ChainStepSettings,
  entries: readonly PlanEntry[],
  reportOf: (entry: PlanEntry) => ChainReport | undefined,
): Promise<ChainStepResult> {
  const { phases, resultsDir } = settings;
  const result: ChainStepResult = { report: { outcomes: [] }, mains: [], files: [], recordFiles: [], sarifs: [], stoppedHere: [] };
  for (const entry of entries) {
    const report = reportOf(entry);
    const main = report?.outcomes.find((o) => o.id === entry.id);
    if (report === undefined || main === undefined) throw new Error(`the chain reported nothing for ${entry.id}`);
    for (const outcome of report.outcomes) {
      result.report.outcomes.push(outcome);
      if (!phases.includes(outcome.phase)) continue;
      if (outcome.sarif !== undefined && phases.includes('scan')) result.sarifs.push(outcome.sarif);
      result.files.push(await writeOutcome(resultsDir, outcome));
      if (outcome.sbom !== undefined && phases.includes('scan')) result.files.push(join(resultsDir, `${outcome.id}.cdx.json`));
      if (outcome.status === 'stopped') result.stoppedHere.push(outcome);
    }
    result.mains.push(main);
    result.recordFiles.push(phases.includes(main.phase) ? join(resultsDir, recordName(main.id, main.phase)) : '');
  }
  return result;
}

/** The heading of a step's summary: the whole chain, or which of its phases, for its entry or its batch. */
export function stepTitle(entries: readonly PlanEntry[], phases: readonly Phase[]): string {
  const what = entries.length === 1 ? (entries[0]?.id ?? '') : `${entries.length} images (${entries.map((e) => e.id).join(', ')})`;
  return phases.length === PHASES.length ? `Chain: ${what}` : `Chain, ${phases.join(', ')}: ${what}`;
}
