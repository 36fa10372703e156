import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCatalog, parseMirrorTargets } from '../../../packages/catalog/index.js';
import { verifySignature } from '../../../packages/cosign/index.js';
import { ExecRunner } from '../../../packages/process/index.js';
import { actionCredentials, parseRegistryLogins, RegistryClient } from '../../../packages/registry/index.js';
import { registryDeleter, retainVersions, retentionMarkdown } from '../../../packages/retention/index.js';
import { keylessRuns } from '../../_common/keyless.js';
import { runAction } from '../../_common/run-action.js';
import { installedTools } from '../../_common/tools.js';
import { catalogArgument, runnerTemp } from '../../_common/workspace.js';
import { spec } from './spec.js';

/**
 * retain-versions: keeps at most `keep` versions per stream of every catalog
 * image in the registry, and removes the rest with their platform manifests,
 * signatures and attestations (see packages/retention). Kept tags are read
 * back and verified with cosign, with the key or identity the publish job
 * verifies with.
 */
export async function main(): Promise<void> {
  await runAction(spec, async ({ inputs, outputs, log, summary }) => {
    // Every input is read before anything runs: a mistake changes nothing.
    const catalogPath = inputs.string('catalog', { required: true });
    const registry = inputs.string('registry');
    const tagTemplate = inputs.string('tag-template');
    const dryRun = inputs.boolean('dry-run', false);
    const includeMirrors = inputs.boolean('include-mirrors', true);
    const mirrorList = inputs.list('mirrors');
    const mirrors = mirrorList.length > 0 ? parseMirrorTargets(mirrorList, 'mirrors') : undefined;
    const mirrorLogins = parseRegistryLogins(inputs.secret('mirror-logins'), 'mirror-logins', log);
    const username = inputs.string('registry-username');
    const password = inputs.secret('registry-password');
    const publicKey = inputs.string('public-key');
    const identity = inputs.string('certificate-identity');
    const identityRegexp = inputs.string('certificate-identity-regexp');
    const transparencyLog = inputs.boolean('transparency-log', true);
    const fromPath = inputs.boolean('tools-from-path', false);
    // Keyless: only signatures of this repository's publishing runs count.
    const run = publicKey === undefined && !dryRun ? keylessRuns(process.env) : undefined;

    const workspace = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
    const catalog = await loadCatalog(catalogArgument(workspace, catalogPath));
    const host = registry ?? catalog.registry;
    const runner = new ExecRunner();
    const explicit = username !== undefined && password !== undefined ? { registry: host, username, password } : undefined;
    const client = new RegistryClient({ credentials: actionCredentials(explicit, { runner, env: process.env, log }, mirrorLogins), log });
    const workDir = mkdtempSync(join(runnerTemp(), 'retain-versions-'));
    try {
      const tools = dryRun ? undefined : await installedTools(fromPath, runner, log, workDir, { trivy: false, cosign: true });
      const result = await retainVersions({
        catalog,
        ...(registry !== undefined ? { registry } : {}),
        ...(tagTemplate !== undefined ? { tagTemplate } : {}),
        client,
        deleter: registryDeleter(client),
        dryRun,
        includeMirrors,
        ...(mirrors !== undefined ? { mirrors } : {}),
        now: new Date(),
        log,
        verify: async (image) => {
          await verifySignature(runner, log, {
            cosign: tools?.cosign?.path ?? 'cosign',
            image,
            ...(publicKey !== undefined ? { publicKey: `${publicKey}\n` } : {}),
            identity: {
              ...(identity !== undefined ? { identity } : {}),
              ...(identityRegexp !== undefined ? { identityRegexp } : {}),
            },
            ...(run !== undefined ? { run } : {}),
            transparencyLog,
            workDir,
            env: process.env,
          });
        },
      });
      const kept = result.plans.reduce((n, p) => n + [...p.kept.values()].flat().length, 0);
      outputs.set('removed', result.done.length);
      outputs.set('kept', kept);
      outputs.set(
        'protected',
        result.plans.reduce((n, p) => n + p.protected.length, 0),
      );
      outputs.set(
        'plan',
        result.plans.map((p) => ({
          repository: p.repository,
          kept: Object.fromEntries(p.kept),
          removed: Object.fromEntries(p.removed),
          actions: p.actions,
          protected: p.protected,
        })),
      );
      summary.addHeading('Retention', 2).addRaw(retentionMarkdown(result, dryRun), true);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });
}
