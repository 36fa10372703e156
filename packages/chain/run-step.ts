import { mkdtemp, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { confine } from '../catalog/index.js';
import type { SigningKey } from '../cosign/index.js';
import { UserError } from '../errors/index.js';
import { importStep } from '../imports/index.js';
import type { Logger } from '../logging/index.js';
import { parseReference } from '../oci/index.js';
import type { PlanEntry } from '../plan/entry.js';
import type { CommandRunner } from '../process/index.js';
import { actionCredentials, dockerLogin, dockerLogout, type Login, RegistryClient } from '../registry/index.js';
import { DEFAULT_RETRY_POLICY } from '../retry/index.js';
import { type DbCacheStore, type GatePolicy, loadIgnoreFile, utcDate } from '../trivy/index.js';
import { buildOrImport, buildStep } from './build-step.js';
import { type ChainReport, debugTwinId, type ImageOutcome, runChain } from './chain.js';
import { readOutcomes, recordName, writeOutcome } from './outcomes.js';
import { type PushRegistry, pushedEntry, pushedOutcome } from './push-registry.js';
import { scanStep } from './scan-step.js';
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
  entry: PlanEntry;
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
  /** Explicit login for the entry's registry; without it, logins come from the docker config. */
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
  report: ChainReport;
  /** The entry's own outcome (not its twin's). */
  main: ImageOutcome;
  /** Files this step wrote (records and SBOMs), for the artifact that carries them to the next job. */
  files: string[];
  /** The entry's record of this step, or '' when this step wrote none. */
  recordFile: string;
  /** Outcomes this step stopped (not those an earlier job had stopped). */
  stoppedHere: ImageOutcome[];
}

/**
 * What one step of the root action does for one plan entry: reads the
 * records it continues from; when an earlier job stopped the image, nothing
 * more. Otherwise it installs the phases' tools, logs in (explicit
 * credentials only, with retry, logged out at the end), runs the chain's
 * phases, and writes this step's records.
 */
export async function runChainStep(given: ChainStepSettings, services: ChainStepServices): Promise<ChainStepResult> {
  const push = given.pushRegistry;
  const settings = push ? { ...given, entry: pushedEntry(given.entry, push) } : given;
  const { entry, phases, resultsDir } = settings;
  if (push) {
    const parents = entry.publishedParents.map((p) => p.image);
    services.log.info(
      `pushing to ${push.host}, a registry of this job only${parents.length > 0 ? `; published parents are read where they are published: ${parents.join(', ')}` : ''}`,
    );
  }
  // Parents' records (their digests), and this entry's own (and its twin's) from the phase before.
  const wanted = new Set([...entry.parents.map((p) => p.entry), entry.id, debugTwinId(entry.id)]);
  const read = await readOutcomes(resultsDir, wanted);
  const previous = push ? read.map((o) => pushedOutcome(o, push)) : read;
  const own = previous.find((o) => o.id === entry.id);
  if (phases[0] !== 'build' && own?.status === 'stopped') {
    services.log.info(`${entry.id} stopped at ${own.stoppedAt ?? 'an earlier gate'} in the ${own.phase} job; nothing to do in this one`);
    return { report: { outcomes: [own] }, main: own, files: [], recordFile: '', stoppedHere: [] };
  }
  const ignores =
    settings.scan.ignoreFile !== undefined ? await loadIgnoreFile(ignoreFilePath(settings.workspace, settings.scan.ignoreFile)) : [];
  const workDir = await mkdtemp(join(services.tempDir, 'image-actions-chain-'));
  try {
    const importing = phases.includes('build') && entry.import !== undefined;
    const tools = await services.tools(
      {
        trivy: phases.includes('scan'),
        // An import's upstream signature is checked before it is copied.
        cosign:
          ((phases.includes('sign') || phases.includes('publish')) && settings.sign) ||
          (importing && entry.import?.signature !== undefined),
        // Installed by the import step itself, only when there is something to copy.
        regctl: false,
      },
      workDir,
    );
    const login: Login | undefined = settings.login && {
      registry: parseReference(entry.repository, 'repository').registry,
      ...settings.login,
    };
    // buildx, trivy and cosign read the docker config: an explicit login goes there, for this step only.
    if (login) await dockerLogin(services.runner, services.log, tools.docker, login, DEFAULT_RETRY_POLICY);
    try {
      const report = await runPhases(settings, services, { tools, workDir, previous, ignores, login });
      return await record(settings, report);
    } finally {
      if (login) {
        await dockerLogout(services.runner, tools.docker, login.registry).catch((error: unknown) =>
          services.log.warning(`docker logout ${login.registry} failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

interface PhaseRun {
  tools: ChainTools;
  workDir: string;
  previous: ImageOutcome[];
  ignores: Awaited<ReturnType<typeof loadIgnoreFile>>;
  login: Login | undefined;
}

async function runPhases(settings: ChainStepSettings, services: ChainStepServices, run: PhaseRun): Promise<ChainReport> {
  const { runner, log } = services;
  const { tools, workDir } = run;
  const registry = new RegistryClient({ credentials: actionCredentials(run.login, { runner, env: settings.env, log }), log });
  let regctl: Promise<string> | undefined;
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
          regctl ??= services
            .tools({ trivy: false, cosign: false, regctl: true }, workDir)
            .then((found) => installed(found.regctl, 'regctl'));
          return regctl;
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
        })
      : () => Promise.reject(new Error('trivy is not installed for this phase')),
  });
  return runChain([settings.entry], steps, {
    sign: settings.sign,
    publish: settings.publish,
    phases: settings.phases,
    previous: run.previous,
    log,
  });
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
async function record(settings: ChainStepSettings, report: ChainReport): Promise<ChainStepResult> {
  const { phases, resultsDir } = settings;
  const files: string[] = [];
  for (const outcome of report.outcomes) {
    if (!phases.includes(outcome.phase)) continue;
    files.push(await writeOutcome(resultsDir, outcome));
    if (outcome.sbom !== undefined && phases.includes('scan')) files.push(join(resultsDir, `${outcome.id}.cdx.json`));
  }
  const [main] = report.outcomes;
  if (main === undefined) throw new Error(`the chain reported nothing for ${settings.entry.id}`);
  return {
    report,
    main,
    files,
    recordFile: phases.includes(main.phase) ? join(resultsDir, recordName(main.id, main.phase)) : '',
    stoppedHere: report.outcomes.filter((o) => o.status === 'stopped' && phases.includes(o.phase)),
  };
}

/** The heading of a step's summary: the whole chain, or which of its phases. */
export function stepTitle(entry: PlanEntry, phases: readonly Phase[]): string {
  return phases.length === PHASES.length ? `Chain: ${entry.id}` : `Chain, ${phases.join(', ')}: ${entry.id}`;
}
