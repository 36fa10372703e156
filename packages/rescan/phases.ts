import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors/index.js';
import { type GitHubApi, Issues, type Repository, repositoryName } from '../github/index.js';
import type { Logger } from '../logging/index.js';
import { catalogBase } from '../plan/index.js';
import { actionCredentials, dockerLogin, dockerLogout, type Login, RegistryClient } from '../registry/index.js';
import { DEFAULT_RETRY_POLICY } from '../retry/index.js';
import { type IssueReport, syncRescanIssues, writeIssueReports } from './issues.js';
import { REBUILD_FILE, RESULT_FILE, type RescanResult, type TagResult } from './model.js';
import { type RebuildRecord, type RebuildSettings, requestRebuild, writeRebuildRecord } from './rebuild.js';
import { type RescanServices, type RescanSettings, rescan, writeResult } from './rescan.js';

/**
 * The three phases of a scheduled rescan, one job each in rescan.yml so each
 * holds only its permissions: `scan` (read the registry, attest: packages),
 * `rebuild` (dispatch the nightly: actions: write) and `issues` (issues:
 * write). They pass the result through a directory (an artifact between jobs).
 */

export interface ScanPhaseSettings extends Omit<RescanSettings, 'outputDir'> {
  resultsDir: string;
  /** An explicit login for the catalog's registry; otherwise logins come from the docker config. */
  login?: Omit<Login, 'registry'>;
  docker: string;
}

export async function runScanPhase(
  settings: ScanPhaseSettings,
  services: Omit<RescanServices, 'registry'>,
): Promise<{ result: RescanResult; file: string }> {
  const { registry: host } = catalogBase(settings.catalog, settings.registry !== undefined ? { registry: settings.registry } : {});
  const login: Login | undefined = settings.login && { registry: host, ...settings.login };
  const { runner, log } = services;
  // trivy and cosign read the docker config: an explicit login goes there for this step only.
  if (login) await dockerLogin(runner, log, settings.docker, login, DEFAULT_RETRY_POLICY);
  try {
    const registry = new RegistryClient({ credentials: actionCredentials(login, { runner, env: settings.env, log }), log });
    const result = await rescan({ ...settings, outputDir: settings.resultsDir }, { ...services, registry });
    return { result, file: await writeResult(settings.resultsDir, result) };
  } finally {
    if (login) {
      await dockerLogout(runner, settings.docker, login.registry).catch((error: unknown) =>
        log.warning(`docker logout ${login.registry} failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }
}

/** The scan phase's result, as an earlier job left it in the directory. */
export async function readResult(resultsDir: string): Promise<RescanResult> {
  const file = join(resultsDir, RESULT_FILE);
  if (!existsSync(file)) {
    throw new UserError({
      message: `there is no ${RESULT_FILE} in ${resultsDir}: the scan phase did not run, or its results were not handed to this job.`,
      hint: "Run the 'scan' phase first, and give this step the same 'results-dir' (or download its artifact there).",
    });
  }
  const result = JSON.parse(await readFile(file, 'utf8')) as RescanResult;
  if (result.schema !== 1) throw new Error(`${file} has schema ${String(result.schema)}; this version reads schema 1`);
  return result;
}

export async function runRebuildPhase(
  api: GitHubApi,
  resultsDir: string,
  settings: RebuildSettings,
  log: Logger,
): Promise<{ record: RebuildRecord | undefined; file: string }> {
  const result = await readResult(resultsDir);
  const record = await requestRebuild(api, result, settings, log);
  return { record, file: await writeRebuildRecord(resultsDir, record) };
}

export interface IssuesPhaseResult {
  result: RescanResult;
  reports: IssueReport[];
  file: string;
  /** Tags that did not verify or could not be checked: the run fails for them, after the issues are written. */
  problems: TagResult[];
}

export async function runIssuesPhase(
  api: GitHubApi,
  resultsDir: string,
  settings: { repository: Repository; label: string },
  log: Logger,
): Promise<IssuesPhaseResult> {
  const result = await readResult(resultsDir);
  const rebuildFile = join(resultsDir, REBUILD_FILE);
  const rebuild = existsSync(rebuildFile)
    ? ((JSON.parse(await readFile(rebuildFile, 'utf8')) as RebuildRecord | null) ?? undefined)
    : undefined;
  const reports = await syncRescanIssues(new Issues(api, settings.repository), settings.label, { result, rebuild }, log);
  const file = await writeIssueReports(resultsDir, repositoryName(settings.repository), reports);
  const problems = result.images.flatMap((i) => i.tags.filter((t) => t.status === 'tampered' || t.status === 'error'));
  return { result, reports, file, problems };
}
