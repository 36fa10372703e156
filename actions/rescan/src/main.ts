import { join, resolve } from 'node:path';
import { loadCatalog } from '../../../packages/catalog/index.js';
import { COSIGN_PINS, DEFAULT_COSIGN_VERSION } from '../../../packages/cosign/index.js';
import { UserError } from '../../../packages/errors/index.js';
import { ExecRunner } from '../../../packages/process/index.js';
import {
  DEFAULT_ISSUE_LABEL,
  type RescanResult,
  runIssuesPhase,
  runRebuildPhase,
  runScanPhase,
  summaryMarkdown,
  tagLines,
} from '../../../packages/rescan/index.js';
import { ActionsDownloader, ActionsToolCache, FROM_PATH, resolveTool } from '../../../packages/tool-install/index.js';
import {
  ActionsDbCache,
  checkDbCacheKey,
  DEFAULT_DB_REPOSITORIES,
  DEFAULT_MAX_DB_AGE,
  DEFAULT_TRIVY_VERSION,
  type IgnoreEntry,
  loadIgnoreFile,
  parseMaxDbAge,
  SEVERITIES,
  TRIVY_PINS,
} from '../../../packages/trivy/index.js';
import { githubApiInputs, runRepository } from '../../_common/github.js';
import { publishedSignatureInputs } from '../../_common/identity.js';
import { registryLoginInput } from '../../_common/registry-login.js';
import { type ActionContext, runAction } from '../../_common/run-action.js';
import { signingKeyInput } from '../../_common/signing-key.js';
import { runnerTemp, workspaceRoot } from '../../_common/workspace.js';
import { spec } from './spec.js';

type Context = ActionContext<(typeof spec.inputs)[number], (typeof spec.outputs)[number]>;

const PHASES = ['scan', 'rebuild', 'issues'] as const;

/**
 * The scheduled rescan, one phase per step (rescan.yml runs each in a job of
 * its own, with only that job's permissions): `scan` what is published,
 * `rebuild` what a rebuild may fix, and bring the owners' `issues` up to date.
 */
export async function main(): Promise<void> {
  await runAction(spec, async (context) => {
    const phase = context.inputs.oneOf('phase', PHASES, 'scan');
    const workspace = workspaceRoot();
    const resultsDir = resolve(workspace, context.inputs.string('results-dir') ?? join(runnerTemp(), 'rescan'));
    if (phase === 'scan') await scan(context, workspace, resultsDir);
    else if (phase === 'rebuild') await rebuild(context, resultsDir);
    else await issues(context, resultsDir);
  });
}

async function scan({ inputs, outputs, log, summary }: Context, workspace: string, resultsDir: string): Promise<void> {
  const catalogPath = inputs.string('catalog', { required: true });
  const registry = inputs.string('registry');
  const applications = inputs.list('images');
  const policy = { threshold: inputs.oneOf('severity', SEVERITIES, 'HIGH'), ignoreUnfixed: inputs.boolean('ignore-unfixed', true) };
  const ignoreFile = inputs.string('ignore-file');
  const listed = inputs.list('db-repositories');
  const repositories = listed.length > 0 ? listed : DEFAULT_DB_REPOSITORIES;
  const runKey = inputs.string('db-cache-key');
  const dbCacheKey = runKey !== undefined ? checkDbCacheKey(runKey, repositories) : undefined;
  const maxDbAgeMs = parseMaxDbAge(inputs.string('max-db-age') ?? DEFAULT_MAX_DB_AGE);
  const fromPath = inputs.boolean('tools-from-path', false);
  // Keyless: only signatures of this repository's publishing runs count, as the publish job checks them.
  const signatures = publishedSignatureInputs(inputs, process.env);
  const { publicKey, transparencyLog } = signatures;
  const attest = inputs.boolean('attest', true);
  const key = signingKeyInput(inputs, log);
  const attestationIdentity = inputs.string('attestation-identity-regexp');
  const login = registryLoginInput(inputs, log);
  const catalog = await loadCatalog(resolve(workspace, catalogPath));
  const ignores: IgnoreEntry[] = ignoreFile ? await loadIgnoreFile(resolve(workspace, ignoreFile), ignoreFile) : [];

  const runner = new ExecRunner();
  const tools = { cache: new ActionsToolCache(), downloader: new ActionsDownloader(), runner, log, tempDir: runnerTemp() };
  const trivy = await resolveTool(TRIVY_PINS, fromPath ? FROM_PATH : DEFAULT_TRIVY_VERSION, tools);
  const cosign = await resolveTool(COSIGN_PINS, fromPath ? FROM_PATH : DEFAULT_COSIGN_VERSION, tools);
  const run = runOf(process.env);
  const { result, file } = await runScanPhase(
    {
      catalog,
      ...(registry !== undefined ? { registry } : {}),
      applications,
      maxDbAgeMs,
      policy,
      ignores,
      dbRepositories: repositories,
      ...(dbCacheKey !== undefined ? { dbCacheKey } : {}),
      signatures,
      attestations: {
        ...(key !== undefined ? { key } : {}),
        ...(key === undefined && publicKey !== undefined ? { publicKey } : {}),
        identity: attestationIdentity !== undefined ? { identityRegexp: attestationIdentity } : {},
        transparencyLog,
        write: attest,
      },
      resultsDir,
      ...(login !== undefined ? { login } : {}),
      docker: 'docker',
      ...(run !== undefined ? { run } : {}),
      env: process.env,
      now: () => new Date(),
    },
    {
      runner,
      log,
      trivy: { path: trivy.path, version: trivy.version },
      cosign: cosign.path,
      dbStore: new ActionsDbCache(log),
      tempDir: runnerTemp(),
    },
  );
  writeScanOutputs(outputs, result, file, resultsDir);
  for (const line of tagLines(result)) log.info(line);
  summary.addHeading('Rescan', 2).addRaw(summaryMarkdown(result), true);
}

function writeScanOutputs(outputs: Context['outputs'], result: RescanResult, file: string, resultsDir: string): void {
  const tags = result.images.flatMap((i) =>
    i.tags.map((t) => ({ tag: t.tag, digest: t.digest ?? '', status: t.status, reason: t.reason })),
  );
  outputs.set('result', file);
  outputs.set(
    'verdict',
    result.images.some((i) => i.status === 'error') ? 'error' : result.images.some((i) => i.status === 'fail') ? 'fail' : 'pass',
  );
  outputs.set('tags', tags);
  outputs.set(
    'rebuild',
    result.images.filter((i) => i.rebuild).map((i) => i.application),
  );
  outputs.set('sarif-dir', result.images.some((i) => i.sarif !== undefined) ? join(resultsDir, 'sarif') : '');
}

async function rebuild({ inputs, outputs, log, summary }: Context, resultsDir: string): Promise<void> {
  const api = await requiredGitHubApi(inputs, log);
  const workflow = inputs.string('rebuild-workflow', { required: true });
  const ref = inputs.string('rebuild-ref') ?? process.env.GITHUB_REF;
  if (!ref) {
    throw new UserError({
      message: "input 'rebuild-ref' is empty and GITHUB_REF is not set.",
      hint: 'Give the branch the rebuild runs on, e.g. main.',
    });
  }
  const { record } = await runRebuildPhase(api, resultsDir, { repository: runRepository(), workflow, ref, now: new Date() }, log);
  outputs.set('rebuild', record?.images ?? []);
  outputs.set('rebuild-run-url', record?.run?.htmlUrl ?? '');
  summary
    .addHeading('Rescan: rebuild', 2)
    .addRaw(
      record
        ? `Requested ${workflow} on ${ref} for ${record.images.join(', ')}${record.run?.htmlUrl ? `: ${record.run.htmlUrl}` : ''}.\n`
        : 'Nothing to rebuild.\n',
      true,
    );
}

async function issues({ inputs, outputs, log, summary }: Context, resultsDir: string): Promise<void> {
  const api = await requiredGitHubApi(inputs, log);
  const label = inputs.string('issue-label') ?? DEFAULT_ISSUE_LABEL;
  const failOnProblems = inputs.boolean('fail-on-problems', true);
  const { reports, problems } = await runIssuesPhase(api, resultsDir, { repository: runRepository(), label }, log);
  outputs.set(
    'issues',
    reports.map((r) => ({ application: r.application, ...r.outcome })),
  );
  const rows = reports
    .filter((r) => r.outcome.number !== undefined)
    .map((r) => `| ${r.application} | [#${r.outcome.number}](${r.outcome.url ?? ''}) | ${r.outcome.action} |`);
  summary
    .addHeading('Rescan: owners’ issues', 2)
    .addRaw(rows.length > 0 ? `| image | issue | this run |\n|---|---|---|\n${rows.join('\n')}\n` : 'No image has an issue.\n', true);
  if (problems.length === 0) return;
  const problemList = problems.map((t) => ({
    message: `${t.tag}: ${t.reason}`,
    hint: 'See the image’s issue; a tampered tag is never fixed by the rescan.',
  }));
  if (failOnProblems) throw new UserError(problemList);
  for (const p of problemList) log.error(p.message);
}

function runOf(env: NodeJS.ProcessEnv): { url: string; id: string } | undefined {
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined;
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  return { url: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`, id: env.GITHUB_RUN_ID };
}

function requiredGitHubApi(inputs: Context['inputs'], log: Context['log']) {
  const api = githubApiInputs(inputs, log);
  if (api === undefined) {
    throw new UserError({
      message: "input 'github-token' is required for this phase but was not set.",
      hint: "Leave it at its default, the workflow's github.token.",
    });
  }
  return api();
}
