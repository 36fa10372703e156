import { isAbsolute, relative, resolve } from 'node:path';
import { dockerfileFroms, loadCatalog } from '../../packages/catalog/index.js';
import type { Selection } from '../../packages/chain/index.js';
import { selectEntry } from '../../packages/chain/index.js';
import { COSIGN_PINS, DEFAULT_COSIGN_VERSION } from '../../packages/cosign/index.js';
import { UserError } from '../../packages/errors/index.js';
import type { Logger } from '../../packages/logging/index.js';
import { expandPlan, type PlanEntry, resolveCommit } from '../../packages/plan/index.js';
import { type CommandRunner, ExecRunner } from '../../packages/process/index.js';
import { ActionsDownloader, ActionsToolCache, FROM_PATH, type InstalledTool, resolveTool } from '../../packages/tool-install/index.js';
import { DEFAULT_TRIVY_VERSION, TRIVY_PINS, utcDate } from '../../packages/trivy/index.js';

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
    today: utcDate(new Date()),
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
  /** Absent when the phase does not scan. */
  trivy?: InstalledTool;
  /** Absent when the phase neither signs nor verifies. */
  cosign?: InstalledTool;
}

/**
 * trivy and cosign, each only when the phase uses it, at their pinned
 * versions (checksums verified, kept in the tool cache), or as found on PATH
 * when the user says so; docker (with buildx) is the runner's.
 */
export async function installedTools(
  fromPath: boolean,
  runner: CommandRunner,
  log: Logger,
  tempDir: string,
  needs: { trivy: boolean; cosign: boolean },
): Promise<Tools> {
  const options = { cache: new ActionsToolCache(), downloader: new ActionsDownloader(), runner, log, tempDir };
  const tools: Tools = { docker: 'docker' };
  if (needs.trivy) tools.trivy = await resolveTool(TRIVY_PINS, fromPath ? FROM_PATH : DEFAULT_TRIVY_VERSION, options);
  if (needs.cosign) tools.cosign = await resolveTool(COSIGN_PINS, fromPath ? FROM_PATH : DEFAULT_COSIGN_VERSION, options);
  const named = [
    tools.trivy && `trivy ${tools.trivy.version} (${tools.trivy.source})`,
    tools.cosign && `cosign ${tools.cosign.version} (${tools.cosign.source})`,
  ];
  log.info(
    `tools: docker from PATH${named
      .filter(Boolean)
      .map((t) => `, ${t}`)
      .join('')}`,
  );
  return tools;
}
