import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getOctokit } from '@actions/github';
import { dockerfileFroms, loadCatalog, parseMirrorTargets } from '../../../packages/catalog/index.js';
import { UserError } from '../../../packages/errors/index.js';
import {
  canonicalJson,
  deprecationLines,
  expandPlan,
  type GitHubEvent,
  MAX_MATRIX_BYTES,
  type Plan,
  type PullRequestFile,
  relativePath,
  resolveChanges,
  resolveCommit,
  selectMatrix,
  sourceUrl,
} from '../../../packages/plan/index.js';
import { ExecRunner } from '../../../packages/process/index.js';
import { utcDate } from '../../../packages/trivy/index.js';
import { runAction } from '../../_common/run-action.js';
import { catalogArgument } from '../../_common/workspace.js';
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
    const registry = inputs.string('registry');
    const mirrors = inputs.list('mirrors');
    const mirrorTargets = mirrors.length > 0 ? parseMirrorTargets(mirrors, 'mirrors') : undefined;
    const tagTemplate = inputs.string('tag-template');
    const maxJobs = inputs.integer('max-jobs', 256, { min: 1, max: 256 });
    const stage = optionalInteger(inputs.raw('stage'), () => inputs.integer('stage', 0, { min: 0 }));
    const shard = optionalInteger(inputs.raw('shard'), () => inputs.integer('shard', 0, { min: 0 }));
    const token = inputs.secret('github-token');

    const workspace = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
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
      ...(token !== undefined ? { listPullRequestFiles: (n: number) => listPullRequestFiles(token, n) } : {}),
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
      ...(registry !== undefined ? { registry } : {}),
      ...(mirrorTargets !== undefined ? { mirrors: mirrorTargets } : {}),
      ...(tagTemplate !== undefined ? { tagTemplate } : {}),
      perPlatform,
      ...(applications.length > 0 ? { applications } : {}),
      ...(glob !== undefined ? { glob } : {}),
      ...(changes !== undefined ? { changes } : {}),
      maxJobs,
      readFroms: async (dockerfile) => (await dockerfileFroms(dockerfile)).map((f) => ({ reference: f.reference, line: f.line })),
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
    writeSummary(summary, plan, changes !== undefined);
    // Last: when the selection does not fit one matrix the step fails, with the shards already written to fan out over.
    const selection = { ...(stage !== undefined ? { stage } : {}), ...(shard !== undefined ? { shard } : {}) };
    const matrix = selectMatrix(plan, selection, { maxJobs, maxBytes: MAX_MATRIX_BYTES });
    outputs.set('matrix', canonicalJson({ include: matrix }));
  });
}

function optionalInteger(raw: string, read: () => number): number | undefined {
  return raw === '' ? undefined : read();
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

async function listPullRequestFiles(token: string, pullNumber: number): Promise<PullRequestFile[]> {
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo)
    throw new UserError({ message: 'GITHUB_REPOSITORY is not set: cannot ask the GitHub API for the pull request files.' });
  const octokit = getOctokit(token);
  return octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 });
}

function writePlan(plan: Plan): string {
  const dir = join(process.env.RUNNER_TEMP ?? process.cwd(), 'image-actions');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'plan.json');
  writeFileSync(file, `${canonicalJson(plan, 2)}\n`);
  return file;
}

/** Rows beyond this go to the plan file only: a job summary holds at most 1 MiB. */
const SUMMARY_ROWS = 500;

function writeSummary(summary: typeof import('@actions/core').summary, plan: Plan, narrowed: boolean): void {
  summary.addHeading('Build plan', 2);
  summary.addRaw(
    `${plan.entries.length} entries in ${plan.stages.length} stage(s), commit \`${plan.commit.slice(0, 12)}\`` +
      (narrowed ? `, only what the change affects (${plan.skipped.length} entries unchanged)` : '') +
      '.',
    true,
  );
  for (const line of deprecationLines(plan)) summary.addRaw(`> [!WARNING]\n> ${line}`, true);
  const rows = plan.entries
    .slice(0, SUMMARY_ROWS)
    .map((e) => [
      String(e.stage),
      e.id,
      e.tags.map((t) => `<code>${t}</code>`).join('<br>'),
      e.platform ?? e.platforms.join(', '),
      [...e.parents.map((p) => p.entry), ...e.publishedParents.map((p) => `<code>${p.image}</code> (published)`)].join('<br>') || '-',
      `<code>${e.buildId.slice(7, 19)}</code>`,
    ]);
  summary.addTable([
    [
      { data: 'Stage', header: true },
      { data: 'Entry', header: true },
      { data: 'Tags', header: true },
      { data: 'Platforms', header: true },
      { data: 'Parents', header: true },
      { data: 'Build id', header: true },
    ],
    ...rows,
  ]);
  if (plan.entries.length > SUMMARY_ROWS)
    summary.addRaw(`…and ${plan.entries.length - SUMMARY_ROWS} more entries: see the plan file.`, true);
}
