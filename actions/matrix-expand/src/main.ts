import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerfileFroms, loadCatalog } from '../../../packages/catalog/index.js';
import { listPullRequestFiles } from '../../../packages/github/index.js';
import type { Logger } from '../../../packages/logging/index.js';
import {
  canonicalJson,
  deprecationLines,
  expandPlan,
  type GitHubEvent,
  importLines,
  MAX_MATRIX_BYTES,
  type Plan,
  parseUpstreamMirrors,
  planMarkdown,
  relativePath,
  resolveChanges,
  resolveCommit,
  selectMatrix,
  sourceUrl,
  unavailableLine,
} from '../../../packages/plan/index.js';
import { ExecRunner } from '../../../packages/process/index.js';
import { RegistryClient } from '../../../packages/registry/index.js';
import { utcDate } from '../../../packages/trivy/index.js';
import { githubApi, runRepository } from '../../_common/github.js';
import { publishTargetInputs } from '../../_common/publish-target.js';
import { runAction } from '../../_common/run-action.js';
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
    const stage = inputs.optionalInteger('stage', { min: 0 });
    const shard = inputs.optionalInteger('shard', { min: 0 });
    const token = inputs.secret('github-token');
    const upstreamMirrors = parseUpstreamMirrors(inputs.list('upstream-mirrors'), 'upstream-mirrors');

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
    const plan = await expandPlan(catalog, {
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
      readFroms: async (dockerfile) => (await dockerfileFroms(dockerfile)).map((f) => ({ reference: f.reference, line: f.line })),
      reader: new RegistryClient({ log }),
      upstreamMirrors,
    });

    const planFile = writePlan(plan);
    outputs.set('count', plan.entries.length);
    outputs.set('plan-file', planFile);
    outputs.set('has-entries', plan.entries.length > 0);
    outputs.set(
      'stages',
      plan.stages.map((s) => ({ stage: s.stage, count: s.shards.reduce((n, x) => n + x.ids.length, 0), shards: s.shards.length })),
    );
    outputs.set('shards', {
      include: plan.stages.flatMap((s) => s.shards.map((x) => ({ stage: x.stage, shard: x.shard, count: x.ids.length }))),
    });
    outputs.set('stage-count', plan.stages.length);
    log.info(
      `matrix-expand: ${plan.entries.length} entries in ${plan.stages.length} stages (${plan.skipped.length} left out); plan in ${planFile}`,
    );
    for (const line of deprecationLines(plan)) log.warning(line);
    for (const line of importLines(plan)) log.info(line);
    for (const gone of plan.unavailable) log.warning(unavailableLine(gone));
    summary.addHeading('Build plan', 2).addRaw(planMarkdown(plan, changes !== undefined), true);
    // Last: when the selection does not fit one matrix the step fails, with the shards already written to fan out over.
    const selection = { ...(stage !== undefined ? { stage } : {}), ...(shard !== undefined ? { shard } : {}) };
    const matrix = selectMatrix(plan, selection, { maxJobs, maxBytes: MAX_MATRIX_BYTES });
    outputs.set('matrix', canonicalJson({ include: matrix }));
  });
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
function pullRequestFiles(token: string, pullNumber: number, log: Logger) {
  // @actions/github reads GITHUB_API_URL, GitHub Enterprise Server's included.
  return listPullRequestFiles(githubApi(token, log), runRepository(), pullNumber);
}
