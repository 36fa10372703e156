import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { githubApiInputs, runRepository } from '../../actions/_common/github.js';
import { identityInputs } from '../../actions/_common/identity.js';
import { registryLoginInput } from '../../actions/_common/registry-login.js';
import type { ActionContext } from '../../actions/_common/run-action.js';
import { runAction } from '../../actions/_common/run-action.js';
import { signingKeyInput } from '../../actions/_common/signing-key.js';
import { installedTools } from '../../actions/_common/tools.js';
import { runnerTemp, workspaceRoot } from '../../actions/_common/workspace.js';
import {
  type ChainReport,
  type ChainStepResult,
  countByStatus,
  type ImageOutcome,
  lastPhase,
  outcomeLine,
  PHASES,
  type Phase,
  parseMatrixLeg,
  pushRegistryInput,
  readOutcomes,
  reportMarkdown,
  reportText,
  runChainStep,
  runProblems,
  stepTitle,
} from '../../packages/chain/index.js';
import { UserError } from '../../packages/errors/index.js';
import { Issues } from '../../packages/github/index.js';
import { syncUpstreamIssues } from '../../packages/imports/index.js';
import type { PlanEntry } from '../../packages/plan/entry.js';
import { parseUpstreamMirrors } from '../../packages/plan/index.js';
import { ExecRunner } from '../../packages/process/index.js';
import {
  ActionsDbCache,
  checkDbCacheKey,
  DEFAULT_DB_REPOSITORIES,
  DEFAULT_MAX_DB_AGE,
  describeDb,
  parseMaxDbAge,
  prepareDb,
  SEVERITIES,
  utcDate,
} from '../../packages/trivy/index.js';
import { spec } from './spec.js';
import { selectFromCatalog } from './tools.js';

type Context = ActionContext<(typeof spec.inputs)[number], (typeof spec.outputs)[number]>;

/** What one step of the action does: the whole chain, one phase of it, the run's vulnerability DB, or the run's summary. */
const MODES = ['all', ...PHASES, 'db', 'summary'] as const;

/**
 * The root action: the whole chain for one plan entry (and its debug twin),
 * or one phase of it (`phase`), calling the packages directly. Fails the step
 * when the image stopped at a gate of this step, after writing the outputs
 * and the outcome record, so later jobs and the run's summary still know
 * where it ended.
 */
export async function main(): Promise<void> {
  await runAction(spec, async (context) => {
    const { inputs } = context;
    const mode = inputs.oneOf('phase', MODES, 'all');
    const sign = inputs.boolean('sign', true);
    const publish = inputs.boolean('publish', true);
    if (publish && !sign) {
      throw new UserError({
        message: `input 'publish' is true but 'sign' is false: only a signed, verified digest is published.`,
        hint: `Set 'sign: true', or 'publish: false' to build and scan only.`,
      });
    }
    if (mode === 'db') return fetchDb(context);
    const workspace = workspaceRoot();
    const resultsDir = resolve(workspace, inputs.string('results-dir') ?? join(runnerTemp(), 'image-outcomes'));
    if (mode === 'summary') return summarize(context, resultsDir, lastPhase({ sign, publish }));
    const phases = mode === 'all' ? PHASES : [mode];
    await runPhases(context, { workspace, resultsDir, phases, sign, publish });
  });
}

interface PhaseSettings {
  workspace: string;
  resultsDir: string;
  phases: readonly Phase[];
  sign: boolean;
  publish: boolean;
}

/** Every input read and checked first, then one call of the chain package. */
async function runPhases({ inputs, outputs, log, summary }: Context, settings: PhaseSettings): Promise<void> {
  const fromPath = inputs.boolean('tools-from-path', false);
  const dbRepositories = dbRepositoriesInput(inputs);
  const runKey = inputs.string('db-cache-key');
  const dbCacheKey = runKey !== undefined ? checkDbCacheKey(runKey, dbRepositories) : undefined;
  const maxDbAgeMs = parseMaxDbAge(inputs.string('max-db-age') ?? DEFAULT_MAX_DB_AGE);
  const ignoreFile = inputs.string('ignore-file');
  const identity = identityInputs(inputs);
  const publicKey = inputs.string('public-key');
  const key = signingKeyInput(inputs, log);
  const login = registryLoginInput(inputs, log);
  const failOnStop = inputs.boolean('fail-on-stop', true);
  const pushRegistry = inputs.string('push-registry');
  const entries = await chosenEntries(inputs, settings.workspace, log);
  const runner = new ExecRunner();
  const result = await runChainStep(
    {
      ...settings,
      entries,
      // A batch runs as many images at once as the runner has processors for.
      concurrency: availableParallelism(),
      ...(pushRegistry !== undefined ? { pushRegistry: pushRegistryInput(pushRegistry, settings) } : {}),
      ...(login !== undefined ? { login } : {}),
      registryCache: inputs.boolean('registry-cache', true),
      scan: {
        policy: { threshold: inputs.oneOf('severity', SEVERITIES, 'HIGH'), ignoreUnfixed: inputs.boolean('ignore-unfixed', true) },
        ...(ignoreFile !== undefined ? { ignoreFile } : {}),
        dbRepositories,
        ...(dbCacheKey !== undefined ? { dbCacheKey } : {}),
        maxDbAgeMs,
      },
      signing: {
        ...(key !== undefined ? { key } : {}),
        transparencyLog: inputs.boolean('transparency-log', true),
        ...identity,
        ...(publicKey !== undefined ? { publicKey } : {}),
      },
      env: process.env,
      now: new Date(),
    },
    {
      runner,
      log,
      tempDir: runnerTemp(),
      tools: (needs, workDir) => installedTools(fromPath, runner, log, workDir, needs),
      dbStore: new ActionsDbCache(log),
    },
  );
  writeOutputs(outputs, result);
  summary.addHeading(stepTitle(entries, settings.phases), 2).addRaw(reportMarkdown(result.report), true);
  // An image an earlier job stopped failed that job already; this one fails for its own gates only.
  if (result.stoppedHere.length === 0) return;
  if (failOnStop) failWhenStopped({ outcomes: result.stoppedHere });
  for (const outcome of result.stoppedHere) log.error(outcomeLine(outcome));
  log.warning(`input 'fail-on-stop' is false: the step succeeds; the run's summary fails for the images above`);
}

/**
 * The run's vulnerability DB, fetched once before any scan job starts:
 * today's copy restored from the cache, or downloaded and saved under
 * today's key. Its key is the output every scan job restores, so that a
 * matrix of scans does not go to the DB repositories once per leg.
 */
async function fetchDb({ inputs, outputs, log, summary }: Context): Promise<void> {
  const fromPath = inputs.boolean('tools-from-path', false);
  const repositories = dbRepositoriesInput(inputs);
  const runner = new ExecRunner();
  const temp = runnerTemp();
  const { trivy } = await installedTools(fromPath, runner, log, temp, { trivy: true, cosign: false, regctl: false });
  if (trivy === undefined) throw new Error('trivy was not installed');
  const db = await prepareDb({
    trivy: trivy.path,
    cacheDir: join(temp, 'trivy-cache'),
    repositories,
    store: new ActionsDbCache(log),
    runner,
    log,
    today: utcDate(new Date()),
  });
  outputs.set('db-cache-key', db.key);
  summary.addHeading('Vulnerability DB', 2).addRaw(`${describeDb(db)}; the scan jobs restore it from the cache as \`${db.key}\`.\n`, true);
}

function dbRepositoriesInput(inputs: Context['inputs']): readonly string[] {
  const repository = inputs.string('trivy-db-repository');
  return repository !== undefined ? [repository] : DEFAULT_DB_REPOSITORIES;
}

/**
 * The run's summary from every outcome record in the results directory: one
 * row per image, and a failure when any image stopped or did not get through
 * the last phase the run has, or when fewer images reported than planned.
 */
async function summarize({ inputs, outputs, summary, log }: Context, resultsDir: string, last: Phase): Promise<void> {
  const planned = inputs.integer('planned', 0, { min: 0 });
  const report: ChainReport = { outcomes: await readOutcomes(resultsDir) };
  const counts = countByStatus(report);
  summary.addHeading(`Rebuild: ${report.outcomes.length} images reported`, 2).addRaw(reportMarkdown(report), true);
  log.info(reportText(report).trimEnd());
  await upstreamIssues(inputs, report, log);
  outputs.set('verdict', counts.stopped > 0 ? 'stopped' : last === 'publish' ? 'published' : 'passed');
  const problems = runProblems(report, { planned, last, resultsDir });
  if (problems.length === 0) return;
  // An annotation per problem, so each stopped image is listed on its own in the run's summary.
  for (const problem of problems) log.error(problem);
  throw new Error(`the run is not complete: ${problems.length} problem(s), each annotated above`);
}

/**
 * The owners' issues of imports whose moved upstream did not pass, when the
 * step has a token for them. A GitHub API that fails is warned about, not
 * made the run's failure: the summary above already says it.
 */
async function upstreamIssues(inputs: Context['inputs'], report: ChainReport, log: Context['log']): Promise<void> {
  const api = githubApiInputs(inputs, log);
  if (api === undefined || !report.outcomes.some((o) => o.upstream !== undefined)) return;
  try {
    await syncUpstreamIssues(new Issues(await api(), runRepository()), report.outcomes, log);
  } catch (error: unknown) {
    log.warning(`the imports' upstream issues were not updated: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The step's plan entries: a matrix leg (one entry or a batch) in `entry`, or the one entry `catalog` and `image` select. */
async function chosenEntries(inputs: Context['inputs'], workspace: string, log: Context['log']): Promise<PlanEntry[]> {
  const json = inputs.string('entry');
  const catalog = inputs.string('catalog');
  if (json !== undefined) {
    if (catalog !== undefined) {
      throw new UserError({
        message: `inputs 'entry' and 'catalog' are both set.`,
        hint: `Pass a plan entry in 'entry', or select one with 'catalog', 'image', 'version' and 'variant', not both.`,
      });
    }
    return parseMatrixLeg(json, 'entry');
  }
  if (catalog === undefined) {
    throw new UserError({
      message: `neither input 'entry' nor 'catalog' is set.`,
      hint: `Pass a plan entry (matrix-expand's matrix) in 'entry', or set 'catalog' and 'image'.`,
    });
  }
  const image = inputs.string('image', { required: true });
  const version = inputs.string('version');
  const variant = inputs.string('variant');
  const registry = inputs.string('registry');
  const upstreamMirrors = parseUpstreamMirrors(inputs.list('upstream-mirrors'), 'upstream-mirrors');
  const selected = await selectFromCatalog(
    workspace,
    catalog,
    {
      image,
      ...(version !== undefined ? { version } : {}),
      ...(variant !== undefined ? { variant } : {}),
      ...(registry !== undefined ? { registry } : {}),
      upstreamMirrors,
    },
    log,
  );
  return [selected];
}

/**
 * The outputs of the step's images. For one entry, its values; for a batch,
 * one line per entry in the batch's order, the tags of all of them, and the
 * directory of their SARIF files.
 */
function writeOutputs(outputs: Context['outputs'], result: ChainStepResult): void {
  const lines = (value: (outcome: ImageOutcome) => string) => result.mains.map(value).join('\n');
  outputs.set(
    'verdict',
    lines((o) => o.status),
  );
  outputs.set(
    'stopped-at',
    lines((o) => o.stoppedAt ?? ''),
  );
  outputs.set(
    'reason',
    lines((o) => o.reason ?? ''),
  );
  outputs.set(
    'image',
    lines((o) => o.image ?? ''),
  );
  outputs.set(
    'digest',
    lines((o) => o.image?.slice(o.image.indexOf('@') + 1) ?? ''),
  );
  outputs.set(
    'published-tags',
    result.mains.flatMap((o) => o.published),
  );
  outputs.set(
    'verify-command',
    lines((o) => o.verifyCommand ?? ''),
  );
  const [sarif] = result.sarifs;
  outputs.set('sarif', sarif === undefined ? '' : result.mains.length === 1 && result.sarifs.length === 1 ? sarif : dirname(sarif));
  outputs.set('outcome-file', result.recordFiles.join('\n'));
  outputs.set('outcome-files', result.files.join('\n'));
}

function failWhenStopped(report: ChainReport): void {
  const stopped = report.outcomes.filter((o) => o.status === 'stopped');
  if (stopped.length > 0) throw new Error(stopped.map(outcomeLine).join('\n'));
}
