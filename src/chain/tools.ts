import { catalogArgument } from '../../actions/_common/workspace.js';
import { dockerfileFroms, loadCatalog } from '../../packages/catalog/index.js';
import type { Selection } from '../../packages/chain/index.js';
import { selectEntry } from '../../packages/chain/index.js';
import { UserError } from '../../packages/errors/index.js';
import type { Logger } from '../../packages/logging/index.js';
import { expandPlan, type PlanEntry, resolveCommit, sourceUrl, type UpstreamMirrors } from '../../packages/plan/index.js';
import { ExecRunner } from '../../packages/process/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { utcDate } from '../../packages/trivy/index.js';

/** The one entry of the catalog the inputs name, planned as matrix-expand plans it. */
export async function selectFromCatalog(
  workspace: string,
  catalogPath: string,
  selection: Selection & { registry?: string; upstreamMirrors?: UpstreamMirrors },
  log: Logger,
): Promise<PlanEntry> {
  const catalog = await loadCatalog(catalogArgument(workspace, catalogPath), { workspace });
  if (!catalog.images.some((i) => i.name === selection.image)) {
    throw new UserError({
      message: `input 'image' is '${selection.image}', which ${catalogPath} does not have.`,
      hint: `Use one of: ${catalog.images.map((i) => i.name).join(', ')}.`,
    });
  }
  const commit = await resolveCommit(new ExecRunner(), workspace, process.env.GITHUB_SHA || undefined, undefined);
  const source = await sourceUrl(new ExecRunner(), workspace, process.env);
  if (source.warning !== undefined) log.warning(source.warning);
  const plan = await expandPlan(catalog, {
    workspace,
    commit,
    today: utcDate(new Date()),
    ...(source.url !== undefined ? { source: source.url } : {}),
    ...(selection.registry !== undefined ? { registry: selection.registry } : {}),
    applications: [selection.image],
    readFroms: async (dockerfile) => (await dockerfileFroms(dockerfile)).map((f) => ({ reference: f.reference, line: f.line })),
    reader: new RegistryClient({ log }),
    ...(selection.upstreamMirrors !== undefined ? { upstreamMirrors: selection.upstreamMirrors } : {}),
  });
  return selectEntry(plan.entries, selection);
}
