import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ActionContext } from '../../actions/_common/run-action.js';
import { runAction } from '../../actions/_common/run-action.js';
import { signingKeyInput } from '../../actions/_common/signing-key.js';
import {
  buildStep,
  type ChainReport,
  countByStatus,
  type ImageOutcome,
  lastPhase,
  outcomeLine,
  PHASE_GATES,
  PHASES,
  type Phase,
  parseEntry,
  readOutcomes,
  recordName,
  registryLogin,
  reportMarkdown,
  reportText,
  runChain,
  scanStep,
  testStep,
  toolSteps,
  writeOutcome,
} from '../../packages/chain/index.js';
import { UserError } from '../../packages/errors/index.js';
import { parseReference } from '../../packages/oci/index.js';
import type { PlanEntry } from '../../packages/plan/entry.js';
import { ExecRunner } from '../../packages/process/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { ActionsDbCache, DEFAULT_DB_REPOSITORIES, loadIgnoreFile, SEVERITIES, utcDate } from '../../packages/trivy/index.js';
import { spec } from './spec.js';
import { installedTools, selectFromCatalog } from './tools.js';

type Context = ActionContext<(typeof spec.inputs)[number], (typeof spec.outputs)[number]>;

/**
 * The root action: the whole chain for one plan entry (and its debug twin),
 * calling the packages directly. Fails the step when the image stopped at a
 * gate, after writing the outputs and the outcome record, so later jobs and
 * the run's summary still know where it ended.
 */
/** What one step of the action does: the whole chain, one phase of it, or the run's summary. */
const MODES = ['all', ...PHASES, 'summary'] as const;

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
    const workspace = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
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

async function runPhases({ inputs, outputs, log, summary }: Context, settings: PhaseSettings): Promise<void> {
  const { workspace, resultsDir, phases, sign, publish } = settings;
  const fromPath = inputs.boolean('tools-from-path', false);
  const threshold = inputs.oneOf('severity', SEVERITIES, 'HIGH');
  const ignoreUnfixed = inputs.boolean('ignore-unfixed', true);
  const dbRepository = inputs.string('trivy-db-repository');
  const ignoreFile = inputs.string('ignore-file');
  const transparencyLog = inputs.boolean('transparency-log', true);
  const identityRegexp = inputs.string('certificate-identity-regexp');
  const publicKey = inputs.string('public-key');
  const key = signingKeyInput(inputs, log);
  const credentials = registryCredentials(inputs, log);
  const entry = await chosenEntry(inputs, workspace);
  // Parents' records (their digests), and this entry's own from the phase before.
  const wanted = new Set([...entry.parents.map((p) => p.entry), entry.id, `${entry.id}-debug`]);
  const previous = await readOutcomes(resultsDir, wanted);
  const own = previous.find((o) => o.id === entry.id);
  if (phases[0] !== 'build' && own?.status === 'stopped') {
    // Stopped by an earlier job, which failed for it: nothing to install, run or write.
    log.info(`${entry.id} stopped at ${own.stoppedAt ?? 'an earlier gate'} in the ${own.phase} job; nothing to do in this one`);
    writeOutputs(outputs, own, [], '');
    summary.addHeading(`Chain, ${phases.join(', ')}: ${entry.id}`, 2).addRaw(reportMarkdown({ outcomes: [own] }), true);
    return;
  }
  const workDir = mkdtempSync(join(runnerTemp(), 'image-actions-chain-'));

  const runner = new ExecRunner();
  const needs = {
    trivy: phases.includes('scan'),
    cosign: (phases.includes('sign') || phases.includes('publish')) && sign,
  };
  const tools = await installedTools(fromPath, runner, log, workDir, needs);
  if (credentials) log.info(`logged in to ${await registryLogin(runner, tools.docker, entry.repository, credentials)}`);
  const registry = new RegistryClient(credentials ? { [registryOf(entry)]: credentials } : {});
  const steps = toolSteps({
    runner,
    log,
    docker: tools.docker,
    registry,
    cosign: tools.cosign?.path ?? notInstalled('cosign'),
    workDir,
    ...(key !== undefined ? { key } : {}),
    transparencyLog,
    identity: identityRegexp !== undefined ? { identityRegexp } : {},
    ...(publicKey !== undefined ? { publicKey } : {}),
    env: process.env,
    build: buildStep({
      runner,
      log,
      docker: tools.docker,
      workspace,
      workDir,
      registry,
      registryCache: inputs.boolean('registry-cache', true),
    }),
    test: testStep({ runner, log, docker: tools.docker, registry }),
    scan: tools.trivy
      ? scanStep({
          runner,
          log,
          trivy: tools.trivy.path,
          trivyVersion: tools.trivy.version,
          cacheDir: join(runnerTemp(), 'trivy-cache'),
          workDir,
          policy: { threshold, ignoreUnfixed },
          ignores: ignoreFile !== undefined ? await loadIgnoreFile(resolve(workspace, ignoreFile)) : [],
          dbRepositories: dbRepository !== undefined ? [dbRepository] : DEFAULT_DB_REPOSITORIES,
          store: new ActionsDbCache(log),
          today: utcDate(new Date()),
        })
      : () => Promise.reject(new Error('trivy is not installed for this phase')),
  });
  const report = await runChain([entry], steps, { sign, publish, phases, previous, log });

  // Only what this step worked on: a record an earlier job wrote stays as it is.
  const files: string[] = [];
  for (const outcome of report.outcomes) {
    if (!phases.includes(outcome.phase)) continue;
    files.push(await writeOutcome(resultsDir, outcome));
    if (outcome.sbom !== undefined && phases.includes('scan')) files.push(join(resultsDir, `${outcome.id}.cdx.json`));
  }
  const [main] = report.outcomes;
  if (main === undefined) throw new Error(`the chain reported nothing for ${entry.id}`);
  writeOutputs(outputs, main, files, phases.includes(main.phase) ? join(resultsDir, recordName(main.id, main.phase)) : '');
  const title = phases.length === PHASES.length ? `Chain: ${entry.id}` : `Chain, ${phases.join(', ')}: ${entry.id}`;
  summary.addHeading(title, 2).addRaw(reportMarkdown(report), true);
  // An image an earlier job stopped failed that job already; this one fails for its own gates only.
  const stoppedHere = report.outcomes.filter((o) => o.status === 'stopped' && phases.includes(o.phase));
  if (stoppedHere.length === 0) return;
  if (inputs.boolean('fail-on-stop', true)) failWhenStopped({ outcomes: stoppedHere });
  for (const outcome of stoppedHere) log.error(outcomeLine(outcome));
  log.warning(`input 'fail-on-stop' is false: the step succeeds; the run's summary fails for the images above`);
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
  outputs.set('verdict', counts.stopped > 0 ? 'stopped' : last === 'publish' ? 'published' : 'passed');
  const problems: string[] = [];
  const ids = new Set(report.outcomes.map((o) => o.id));
  // Debug twins report too, but were not planned as entries of their own.
  const entries = [...ids].filter((id) => !(id.endsWith('-debug') && ids.has(id.slice(0, -'-debug'.length))));
  if (entries.length < planned) problems.push(`only ${entries.length} of ${planned} planned images reported an outcome in ${resultsDir}`);
  for (const outcome of report.outcomes) {
    if (outcome.status === 'stopped') problems.push(outcomeLine(outcome));
    else if (!PHASE_GATES[last].every((gate) => outcome.passed.includes(gate))) {
      problems.push(
        `${outcome.id}: got through ${outcome.passed.join(', ')} only; its ${PHASES[PHASES.indexOf(outcome.phase) + 1] ?? 'next'} phase left no record`,
      );
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

function notInstalled(tool: string): string {
  return `${tool}-not-installed-for-this-phase`;
}

async function chosenEntry(inputs: Context['inputs'], workspace: string): Promise<PlanEntry> {
  const json = inputs.string('entry');
  const catalog = inputs.string('catalog');
  if (json !== undefined) {
    if (catalog !== undefined) {
      throw new UserError({
        message: `inputs 'entry' and 'catalog' are both set.`,
        hint: `Pass a plan entry in 'entry', or select one with 'catalog', 'image', 'version' and 'variant', not both.`,
      });
    }
    return parseEntry(json, 'entry');
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
  return selectFromCatalog(workspace, catalog, {
    image,
    ...(version !== undefined ? { version } : {}),
    ...(variant !== undefined ? { variant } : {}),
    ...(registry !== undefined ? { registry } : {}),
  });
}

/**
 * Log in only with a password: a workflow passes its actor and token by
 * default, and where there is no token (a local run) the runner's own login,
 * or none, is what it has.
 */
function registryCredentials(inputs: Context['inputs'], log: Context['log']): { username: string; password: string } | undefined {
  const username = inputs.string('registry-username');
  const password = inputs.secret('registry-password');
  if (password === undefined) {
    if (username !== undefined) log.info(`no 'registry-password': not logging in as ${username}; using the runner's docker login, if any`);
    return undefined;
  }
  if (username === undefined) {
    throw new UserError({
      message: `input 'registry-password' is set but 'registry-username' is empty.`,
      hint: 'Set registry-username to the user the password belongs to.',
    });
  }
  return { username, password };
}

function writeOutputs(outputs: Context['outputs'], outcome: ImageOutcome, files: readonly string[], file: string): void {
  outputs.set('verdict', outcome.status);
  outputs.set('stopped-at', outcome.stoppedAt ?? '');
  outputs.set('reason', outcome.reason ?? '');
  outputs.set('image', outcome.image ?? '');
  outputs.set('digest', outcome.image?.slice(outcome.image.indexOf('@') + 1) ?? '');
  outputs.set('published-tags', outcome.published);
  outputs.set('verify-command', outcome.verifyCommand ?? '');
  outputs.set('sarif', outcome.sarif ?? '');
  outputs.set('outcome-file', file);
  outputs.set('outcome-files', files.join('\n'));
}

function failWhenStopped(report: ChainReport): void {
  const stopped = report.outcomes.filter((o) => o.status === 'stopped');
  if (stopped.length > 0) throw new Error(stopped.map(outcomeLine).join('\n'));
}

function registryOf(entry: PlanEntry): string {
  return parseReference(entry.repository, 'repository').registry;
}

function runnerTemp(): string {
  const dir = process.env.RUNNER_TEMP ?? tmpdir();
  mkdirSync(dir, { recursive: true });
  return dir;
}
