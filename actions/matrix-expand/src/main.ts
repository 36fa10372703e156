import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerfileFroms, loadCatalog } from '../../../packages/catalog/index.js';
import { unchangedOutcomes, writeOutcome } from '../../../packages/chain/index.js';
import { UserError } from '../../../packages/errors/index.js';
import { listPullRequestFiles } from '../../../packages/github/index.js';
import type { Logger } from '../../../packages/logging/index.js';
import {
  canonicalJson,
  deprecationLines,
  expandPlan,
  type GitHubEvent,
  importLines,
  MAX_MATRIX_BYTES,
  matrixJson,
  type Plan,
  parsePlan,
  parseUpstreamMirrors,
  planMarkdown,
  relativePath,
  resolveChanges,
  resolveCommit,
  selectMatrix,
  skipUnchanged,
  sourceUrl,
  unavailableLine,
} from '../../../packages/plan/index.js';
import { ExecRunner } from '../../../packages/process/index.js';
import { publishedImages } from '../../../packages/publish/index.js';
import { actionCredentials, RegistryClient } from '../../../packages/registry/index.js';
import { RegistryTags } from '../../../packages/tags/index.js';
import { SEVERITIES, type Severity, utcDate } from '../../../packages/trivy/index.js';
import { githubApi, runRepository } from '../../_common/github.js';
import { type PublishedSignatureCheck, publishedSignatureInputs } from '../../_common/identity.js';
import { publishTargetInputs } from '../../_common/publish-target.js';
import { registryLoginInput } from '../../_common/registry-login.js';
import { runAction } from '../../_common/run-action.js';
import { installedTools } from '../../_common/tools.js';
import { catalogArgument, runnerTemp, workspaceRoot } from '../../_common/workspace.js';
import { spec } from './spec.js';

export async function main(): Promise<void> {
  await runAction(spec, async ({ inputs, outputs, log, summary }) => {
    const catalogPath = inputs.string('catalog', { required: true });
    const applications = inputs.list('images');
    const glob = inputs.string('glob');
    const perPlatform = inputs.boolean('per-platform', false);
    const mode = inputs.oneOf('changes', ['auto', 'all', 'affected'] as const, 'auto');
    const changedFiles = inputs.list('changed-files');
    const baseRef = inputs.string('base-ref');
    const target = publishTargetInputs(inputs);
    const maxJobs = inputs.integer('max-jobs', 256, { min: 1, max: 256 });
    const batchInput = inputs.optionalInteger('batch', { min: 1, max: 256 });
    const stage = inputs.optionalInteger('stage', { min: 0 });
    const shard = inputs.optionalInteger('shard', { min: 0 });
    const token = inputs.secret('github-token');
    const upstreamMirrors = parseUpstreamMirrors(inputs.list('upstream-mirrors'), 'upstream-mirrors');
    const givenPlan = inputs.string('plan-file');
    const skip = inputs.boolean('skip-unchanged', false);
    const force = inputs.boolean('force', false);
    const severity = inputs.oneOf('severity', SEVERITIES, 'HIGH');
    const signatures = publishedSignatureInputs(inputs, process.env, { pinRuns: skip });
    const fromPath = inputs.boolean('tools-from-path', false);
    const login = registryLoginInput(inputs, log);
    const resultsDir = inputs.string('results-dir');
    const selection = { ...(stage !== undefined ? { stage } : {}), ...(shard !== undefined ? { shard } : {}) };
    if (force && !skip) log.info("'force' without 'skip-unchanged': every planned entry is built anyway");

    if (givenPlan !== undefined) {
      // The plan job decided; a shard job takes its matrix from that plan, not from a new one.
      const plan = parsePlan(readFileSync(givenPlan, 'utf8'), `input 'plan-file' (${givenPlan})`);
      if (plan.catalog !== relativePath(workspaceRoot(), catalogArgument(workspaceRoot(), catalogPath))) {
        throw new UserError({
          message: `input 'plan-file' is the plan of ${plan.catalog}, not of input 'catalog' ${catalogPath}.`,
          hint: 'Pass the plan file matrix-expand wrote for this catalog.',
        });
      }
      if (batchInput !== undefined && batchInput !== plan.batch) {
        throw new UserError({
          message: `input 'batch' is ${batchInput}, but input 'plan-file' (${givenPlan}) was planned with batch ${plan.batch}.`,
          hint: "Leave 'batch' empty with 'plan-file': the plan's shards were cut for its own batch.",
        });
      }
      writeOutputs(plan, writePlan(plan));
      const limits = { maxJobs, maxBytes: MAX_MATRIX_BYTES, batch: plan.batch };
      outputs.set('matrix', matrixJson(selectMatrix(plan, selection, limits), plan.batch));
      return;
    }

    const workspace = workspaceRoot();
    const catalog = await loadCatalog(catalogArgument(workspace, catalogPath), { workspace });
    const event = readEvent();
    const runner = new ExecRunner();
    const changes = await resolveChanges({
      mode,
      ...(process.env.GITHUB_EVENT_NAME !== undefined ? { eventName: process.env.GITHUB_EVENT_NAME } : {}),
      ...(event !== undefined ? { event } : {}),
      changedFiles,
      ...(baseRef !== undefined ? { baseRef } : {}),
      catalogFile: relativePath(workspace, catalog.file),
      workspace,
      runner,
      ...(token !== undefined ? { listPullRequestFiles: (n: number) => pullRequestFiles(token, n, log) } : {}),
      log,
    });
    const commit = await resolveCommit(runner, workspace, process.env.GITHUB_SHA || undefined, event);
    const source = await sourceUrl(runner, workspace, process.env);
    if (source.warning !== undefined) log.warning(source.warning);
    const reader = new RegistryClient({
      log,
      ...(login !== undefined
        ? { credentials: actionCredentials({ registry: target.registry ?? catalog.registry, ...login }, { runner, env: process.env, log }) }
        : {}),
    });
    const expanded = await expandPlan(catalog, {
      workspace,
      commit,
      today: utcDate(new Date()),
      ...(source.url !== undefined ? { source: source.url } : {}),
      ...target,
      perPlatform,
      ...(applications.length > 0 ? { applications } : {}),
      ...(glob !== undefined ? { glob } : {}),
      ...(changes !== undefined ? { changes } : {}),
      maxJobs,
      batch: batchInput ?? 1,
      readFroms: async (dockerfile) => (await dockerfileFroms(dockerfile)).map((f) => ({ reference: f.reference, line: f.line })),
      reader,
      upstreamMirrors,
    });
    const plan = skip
      ? await withoutUnchanged(expanded, reader, { force, severity, maxJobs, signatures, fromPath, runner, log })
      : expanded;

    const planFile = writePlan(plan);
    writeOutputs(plan, planFile);
    if (resultsDir !== undefined && plan.unchanged.length > 0) {
      const files = await Promise.all(unchangedOutcomes(plan.unchanged).map((o) => writeOutcome(resultsDir, o)));
      outputs.set('outcome-files', files.join('\n'));
    } else outputs.set('outcome-files', '');
    log.info(
      `matrix-expand: ${plan.entries.length} entries in ${plan.stages.length} stages (${plan.skipped.length} left out, ${plan.unchanged.length} unchanged); plan in ${planFile}`,
    );
    for (const entry of plan.entries) if (entry.rebuild) log.info(`${entry.id}: built: ${entry.rebuild.join('; ')}`);
    for (const u of plan.unchanged) log.info(`${u.id}: ${u.reason} (${u.image})`);
    for (const line of deprecationLines(plan)) log.warning(line);
    for (const line of importLines(plan)) log.info(line);
    for (const gone of plan.unavailable) log.warning(unavailableLine(gone));
    summary.addHeading('Build plan', 2).addRaw(planMarkdown(plan, changes !== undefined), true);
    // Last: when the selection does not fit one matrix the step fails, with the shards already written to fan out over.
    const matrix = selectMatrix(plan, selection, { maxJobs, maxBytes: MAX_MATRIX_BYTES, batch: plan.batch });
    outputs.set('matrix', matrixJson(matrix, plan.batch));

    function writeOutputs(written: Plan, file: string): void {
      outputs.set('count', written.entries.length);
      outputs.set('images', written.entries.length + written.unchanged.length);
      outputs.set('plan-file', file);
      outputs.set('has-entries', written.entries.length > 0);
      outputs.set(
        'stages',
        written.stages.map((s) => ({ stage: s.stage, count: s.shards.reduce((n, x) => n + x.ids.length, 0), shards: s.shards.length })),
      );
      outputs.set('shards', {
        include: written.stages.flatMap((s) => s.shards.map((x) => ({ stage: x.stage, shard: x.shard, count: x.ids.length }))),
      });
      outputs.set('stage-count', written.stages.length);
    }
  });
}

/** The plan without what is already published with its build id, verified as the publish job verifies it. */
async function withoutUnchanged(
  plan: Plan,
  client: RegistryClient,
  options: {
    force: boolean;
    severity: Severity;
    maxJobs: number;
    signatures: PublishedSignatureCheck;
    fromPath: boolean;
    runner: ExecRunner;
    log: Logger;
  },
): Promise<Plan> {
  if (plan.entries.length === 0) return plan;
  const workDir = mkdtempSync(join(runnerTemp(), 'matrix-expand-'));
  try {
    const tools = await installedTools(options.fromPath, options.runner, options.log, workDir, {
      trivy: false,
      cosign: true,
      regctl: false,
    });
    const published = publishedImages({
      tags: new RegistryTags(client),
      runner: options.runner,
      log: options.log,
      signature: { ...options.signatures, cosign: tools.cosign?.path ?? 'cosign', workDir, env: process.env },
    });
    return await skipUnchanged(plan, published, {
      force: options.force,
      now: new Date(),
      severity: options.severity,
      maxJobs: options.maxJobs,
      maxBytes: MAX_MATRIX_BYTES,
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function readEvent(): GitHubEvent | undefined {
  const path = process.env.GITHUB_EVENT_PATH;
  if (path === undefined || path === '') return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as GitHubEvent;
  } catch (error: unknown) {
    throw new Error(`cannot read the event payload ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function writePlan(plan: Plan): string {
  const dir = join(runnerTemp(), 'image-actions');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'plan.json');
  writeFileSync(file, `${canonicalJson(plan, 2)}\n`);
  return file;
}

/** A pull request's files through the actions' one GitHub client (rate limits and retries waited out). */
async function pullRequestFiles(token: string, pullNumber: number, log: Logger) {
  // @actions/github reads GITHUB_API_URL, GitHub Enterprise Server's included.
  return listPullRequestFiles(await githubApi(token, log), runRepository(), pullNumber);
}
