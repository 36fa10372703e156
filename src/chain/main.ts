import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ActionContext } from '../../actions/_common/run-action.js';
import { runAction } from '../../actions/_common/run-action.js';
import {
  buildStep,
  type ChainReport,
  type ImageOutcome,
  outcomeLine,
  parseEntry,
  readOutcomes,
  registryLogin,
  reportMarkdown,
  runChain,
  scanStep,
  toolSteps,
  writeOutcome,
} from '../../packages/chain/index.js';
import type { SigningKey } from '../../packages/cosign/index.js';
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
export async function main(): Promise<void> {
  await runAction(spec, async ({ inputs, outputs, log, summary }) => {
    const workspace = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
    const sign = inputs.boolean('sign', true);
    const publish = inputs.boolean('publish', true);
    if (publish && !sign) {
      throw new UserError({
        message: `input 'publish' is true but 'sign' is false: only a signed, verified digest is published.`,
        hint: `Set 'sign: true', or 'publish: false' to build and scan only.`,
      });
    }
    const fromPath = inputs.boolean('tools-from-path', false);
    const threshold = inputs.oneOf('severity', SEVERITIES, 'HIGH');
    const ignoreUnfixed = inputs.boolean('ignore-unfixed', true);
    const dbRepository = inputs.string('trivy-db-repository');
    const ignoreFile = inputs.string('ignore-file');
    const transparencyLog = inputs.boolean('transparency-log', true);
    const identityRegexp = inputs.string('certificate-identity-regexp');
    const key = signingKey(inputs, log);
    const credentials = registryCredentials(inputs, log);
    const entry = await chosenEntry(inputs, workspace);
    const resultsDir = resolve(workspace, inputs.string('results-dir') ?? join(runnerTemp(), 'image-outcomes'));
    const workDir = mkdtempSync(join(runnerTemp(), 'image-actions-chain-'));

    const runner = new ExecRunner();
    const tools = await installedTools(fromPath, runner, log, workDir);
    if (credentials) log.info(`logged in to ${await registryLogin(runner, tools.docker, entry.repository, credentials)}`);
    const registry = new RegistryClient(credentials ? { [registryOf(entry)]: credentials } : {});
    const steps = toolSteps({
      runner,
      log,
      docker: tools.docker,
      registry,
      cosign: tools.cosign.path,
      workDir,
      ...(key !== undefined ? { key } : {}),
      transparencyLog,
      identity: identityRegexp !== undefined ? { identityRegexp } : {},
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
      scan: scanStep({
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
      }),
    });
    const parentIds = new Set(entry.parents.map((p) => p.entry));
    const previous = (await readOutcomes(resultsDir)).filter((o) => parentIds.has(o.id));
    const report = await runChain([entry], steps, { sign, publish, previous, log });

    const files: string[] = [];
    for (const outcome of report.outcomes) files.push(await writeOutcome(resultsDir, outcome));
    const [main] = report.outcomes;
    if (main === undefined) throw new Error(`the chain reported nothing for ${entry.id}`);
    writeOutputs(outputs, main, files[0] ?? '');
    summary.addHeading(`Chain: ${entry.id}`, 2).addRaw(reportMarkdown(report), true);
    failWhenStopped(report);
  });
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

function signingKey(inputs: Context['inputs'], log: Context['log']): SigningKey | undefined {
  const privateKey = inputs.secret('key');
  const password = inputs.secret('key-password');
  if (privateKey === undefined) {
    if (password !== undefined) {
      throw new UserError({
        message: `input 'key-password' is set but 'key' is not.`,
        hint: 'Set key to the private key the password belongs to, or remove key-password to sign keyless.',
      });
    }
    return undefined;
  }
  // The runner masks a secret as a whole; a PEM also leaks line by line.
  for (const line of privateKey.split(/\r?\n/)) if (line.trim().length >= 8) log.secret(line.trim());
  return { privateKey, password: password ?? '' };
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

function writeOutputs(outputs: Context['outputs'], outcome: ImageOutcome, file: string): void {
  outputs.set('verdict', outcome.status);
  outputs.set('stopped-at', outcome.stoppedAt ?? '');
  outputs.set('reason', outcome.reason ?? '');
  outputs.set('image', outcome.image ?? '');
  outputs.set('digest', outcome.image?.slice(outcome.image.indexOf('@') + 1) ?? '');
  outputs.set('published-tags', outcome.published);
  outputs.set('verify-command', outcome.verifyCommand ?? '');
  outputs.set('sarif', outcome.sarif ?? '');
  outputs.set('outcome-file', file);
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
