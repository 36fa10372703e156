import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../../packages/catalog/index.js';
import { verifySignature } from '../../../packages/cosign/index.js';
import { parseReference } from '../../../packages/oci/index.js';
import { ExecRunner, withEnvironment } from '../../../packages/process/index.js';
import { actionCredentials, parseRegistryLogins, RegistryClient, writeDockerConfig } from '../../../packages/registry/index.js';
import { hostDeleter, retainVersions, retentionMarkdown, retentionOutputs } from '../../../packages/retention/index.js';
import { githubApiInputs } from '../../_common/github.js';
import { publishedSignatureInputs } from '../../_common/identity.js';
import { publishTargetInputs } from '../../_common/publish-target.js';
import { registryLoginInput } from '../../_common/registry-login.js';
import { runAction } from '../../_common/run-action.js';
import { installedTools } from '../../_common/tools.js';
import { catalogArgument, runnerTemp, workspaceRoot } from '../../_common/workspace.js';
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
    const target = publishTargetInputs(inputs);
    const dryRun = inputs.boolean('dry-run', false);
    const includeMirrors = inputs.boolean('include-mirrors', true);
    const mirrorLogins = parseRegistryLogins(inputs.secret('mirror-logins'), 'mirror-logins', log);
    const login = registryLoginInput(inputs, log);
    const signatures = publishedSignatureInputs(inputs, process.env, { pinRuns: !dryRun });
    const fromPath = inputs.boolean('tools-from-path', false);
    const github = githubApiInputs(inputs, log);

    const workspace = workspaceRoot();
    const catalog = await loadCatalog(catalogArgument(workspace, catalogPath));
    const host = target.registry ?? catalog.registry;
    const runner = new ExecRunner();
    const explicit = login !== undefined ? { registry: host, ...login } : undefined;
    const credentials = actionCredentials(explicit, { runner, env: process.env, log }, mirrorLogins);
    const client = new RegistryClient({ credentials, log });
    const workDir = mkdtempSync(join(runnerTemp(), 'retain-versions-'));
    // cosign reads docker's config: one of the step's own, with the logins the registry client uses for each host
    // verified at (a mirror's from 'mirror-logins'), not whatever the machine's config happens to hold.
    const dockerConfig = join(workDir, 'docker');
    const verifier = withEnvironment(runner, { DOCKER_CONFIG: dockerConfig });
    const held = new Set<string>();
    try {
      const tools = dryRun
        ? undefined
        : await installedTools(fromPath, runner, log, workDir, { trivy: false, cosign: true, regctl: false });
      const result = await retainVersions({
        catalog,
        ...target,
        client,
        // ghcr.io deletes only through the GitHub Packages API.
        deleter: hostDeleter(client, github),
        dryRun,
        includeMirrors,
        now: new Date(),
        log,
        verify: async (image) => {
          const at = parseReference(image, 'image').registry;
          if (!held.has(at)) {
            held.add(at);
            await writeDockerConfig(dockerConfig, [...held], credentials);
          }
          await verifySignature(verifier, log, {
            ...signatures,
            cosign: tools?.cosign?.path ?? 'cosign',
            image,
            workDir,
            env: process.env,
          });
        },
      });
      const written = retentionOutputs(result);
      for (const name of ['removed', 'kept', 'protected', 'plan'] as const) outputs.set(name, written[name]);
      summary.addHeading('Retention', 2).addRaw(retentionMarkdown(result, dryRun), true);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });
}
