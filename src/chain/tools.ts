import { isAbsolute, relative, resolve } from 'node:path';
import { dockerfileFroms, loadCatalog } from '../../packages/catalog/index.js';
import type { BuildOutcome, ScanOutcome, Selection } from '../../packages/chain/index.js';
import { selectEntry } from '../../packages/chain/index.js';
import { UserError } from '../../packages/errors/index.js';
import type { Logger } from '../../packages/logging/index.js';
import { expandPlan, type PlanEntry, resolveCommit } from '../../packages/plan/index.js';
import { type CommandRunner, ExecRunner } from '../../packages/process/index.js';

/** The one entry of the catalog the inputs name, planned as matrix-expand plans it. */
export async function selectFromCatalog(
  workspace: string,
  catalogPath: string,
  selection: Selection & { registry?: string },
): Promise<PlanEntry> {
  const catalog = await loadCatalog(catalogArgument(workspace, catalogPath));
  if (!catalog.images.some((i) => i.name === selection.image)) {
    throw new UserError({
      message: `input 'image' is '${selection.image}', which ${catalogPath} does not have.`,
      hint: `Use one of: ${catalog.images.map((i) => i.name).join(', ')}.`,
    });
  }
  const commit = await resolveCommit(new ExecRunner(), workspace, process.env.GITHUB_SHA || undefined, undefined);
  const plan = await expandPlan(catalog, {
    workspace,
    commit,
    ...(process.env.GITHUB_REPOSITORY !== undefined
      ? { source: `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${process.env.GITHUB_REPOSITORY}` }
      : {}),
    ...(selection.registry !== undefined ? { registry: selection.registry } : {}),
    applications: [selection.image],
    readFroms: async (dockerfile) => (await dockerfileFroms(dockerfile)).map((f) => ({ reference: f.reference, line: f.line })),
  });
  return selectEntry(plan.entries, selection);
}

/** Relative to the working directory when possible: the catalog's errors name this path in annotations. */
function catalogArgument(workspace: string, path: string): string {
  const absolute = resolve(workspace, path);
  const fromCwd = relative(process.cwd(), absolute);
  return fromCwd === '' || isAbsolute(fromCwd) ? absolute : fromCwd;
}

export interface Tools {
  docker: string;
  trivy: string;
  cosign: string;
}

export async function installedTools(fromPath: boolean, _log: Logger): Promise<Tools> {
  if (fromPath) return { docker: 'docker', trivy: 'trivy', cosign: 'cosign' };
  throw new Error(`installing the pinned tools is not available in this build; set 'tools-from-path: true'`);
}

export interface BuildStepConfig {
  runner: CommandRunner;
  log: Logger;
  docker: string;
  workspace: string;
  workDir: string;
}

export function buildStep(_config: BuildStepConfig): (entry: PlanEntry, contexts: Record<string, string>) => Promise<BuildOutcome> {
  return async () => {
    throw new Error('the build step is not available in this build');
  };
}

export interface ScanStepConfig {
  runner: CommandRunner;
  log: Logger;
  trivy: string;
  workDir: string;
  severity: string[];
  ignoreUnfixed: boolean;
  dbRepository?: string;
}

export function scanStep(_config: ScanStepConfig): (entry: PlanEntry, image: string) => Promise<ScanOutcome> {
  return async () => {
    throw new Error('the scan step is not available in this build');
  };
}
