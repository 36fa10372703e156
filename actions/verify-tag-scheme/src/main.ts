import { dockerfileFroms, loadCatalog } from '../../../packages/catalog/index.js';
import { UserError } from '../../../packages/errors/index.js';
import { parseReference } from '../../../packages/oci/index.js';
import { parseUpstreamMirrors, resolveCommit, sourceUrl, verifyTags } from '../../../packages/plan/index.js';
import { ExecRunner } from '../../../packages/process/index.js';
import { actionCredentials, RegistryClient } from '../../../packages/registry/index.js';
import { RegistryTags, tagSchemeMarkdown, violationJson } from '../../../packages/tags/index.js';
import { utcDate } from '../../../packages/trivy/index.js';
import { runAction } from '../../_common/run-action.js';
import { catalogArgument, workspaceRoot } from '../../_common/workspace.js';
import { spec } from './spec.js';

export async function main(): Promise<void> {
  await runAction(spec, async ({ inputs, outputs, log, summary }) => {
    const tags = inputs.list('tags');
    const catalogPath = inputs.string('catalog');
    const registry = inputs.string('registry');
    const tagTemplate = inputs.string('tag-template');
    const checkRegistry = inputs.boolean('check-registry', false);
    const ignore = inputs.list('ignore-tags');
    const username = inputs.string('registry-username');
    const password = inputs.secret('registry-password');
    const fail = inputs.boolean('fail-on-violation', true);
    if (tags.length === 0 && catalogPath === undefined) {
      throw new UserError({
        message: "input 'tags' is required when 'catalog' is not set.",
        hint: "Set 'tags', or 'catalog' to check every tag it plans.",
      });
    }
    if ((username === undefined) !== (password === undefined)) {
      throw new UserError({
        message: "inputs 'registry-username' and 'registry-password' go together.",
        hint: 'Set both, or neither for an anonymous registry.',
      });
    }

    const workspace = workspaceRoot();
    const catalog = catalogPath === undefined ? undefined : await loadCatalog(catalogArgument(workspace, catalogPath), { workspace });
    const readFroms = async (dockerfile: string) =>
      (await dockerfileFroms(dockerfile)).map((f) => ({ reference: f.reference, line: f.line }));
    const runner = new ExecRunner();
    // Build ids (for the overwrite check) do not depend on the commit, but a plan needs one.
    const commit =
      checkRegistry && catalog
        ? await resolveCommit(runner, workspace, process.env.GITHUB_SHA || undefined, undefined)
        : { sha: '', time: '' };
    const source = await sourceUrl(runner, workspace, process.env);
    if (source.warning !== undefined && checkRegistry) log.warning(source.warning);
    const explicit =
      username !== undefined && password !== undefined
        ? { registry: loginHost(registry, catalog?.registry, tags), username, password }
        : undefined;
    const client = new RegistryClient({ credentials: actionCredentials(explicit, { runner, env: process.env, log }), log });
    const result = await verifyTags({
      tags,
      ...(catalog ? { catalog } : {}),
      plan: {
        workspace,
        commit,
        today: utcDate(new Date()),
        // The same labels as matrix-expand's plan, so the build ids compared with the registry's are the same.
        ...(source.url !== undefined ? { source: source.url } : {}),
        readFroms,
        // Imports are resolved (their upstream read) only to plan the builds FROM them; their own tags are not checked for overwrites.
        reader: client,
        upstreamMirrors: parseUpstreamMirrors(inputs.list('upstream-mirrors'), 'upstream-mirrors'),
      },
      ...(registry !== undefined ? { registry } : {}),
      ...(tagTemplate !== undefined ? { tagTemplate } : {}),
      ...(checkRegistry
        ? {
            tagRegistry: new RegistryTags(client),
          }
        : {}),
      ...(ignore.length > 0 ? { ignore } : {}),
    });

    const { violations } = result;
    outputs.set('valid', violations.length === 0);
    outputs.set('violations', violations.map(violationJson));
    outputs.set('checked', result.checked);
    summary.addHeading('Tag scheme', 2).addRaw(tagSchemeMarkdown(result.checked, violations), true);
    log.info(`verify-tag-scheme: ${result.checked} tags checked, ${violations.length} violations`);
    if (violations.length === 0) return;
    const problems = violations.map((v) => ({
      message: `[${v.rule}] ${v.message}`,
      hint: v.hint,
      ...(v.location ? { location: v.location } : {}),
    }));
    if (fail) throw new UserError(problems);
    for (const p of problems) log.warning(`verify-tag-scheme: ${p.message} ${p.hint}`, p.location);
  });
}

/** The registry the username and password inputs log in to: the one being checked. */
function loginHost(registry: string | undefined, catalogRegistry: string | undefined, tags: readonly string[]): string {
  const host = registry ?? catalogRegistry;
  if (host !== undefined) return host;
  const hosts = [...new Set(tags.map((tag) => parseReference(tag, 'tags').registry))];
  if (hosts.length === 1 && hosts[0] !== undefined) return hosts[0];
  throw new UserError({
    message: `inputs 'registry-username' and 'registry-password' are set, but the tags name ${hosts.length} registries.`,
    hint: "Set 'registry' to the one they log in to; the others' logins come from the docker config.",
  });
}
