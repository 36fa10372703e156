import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COSIGN_PINS, DEFAULT_COSIGN_VERSION, type SignResult, signImage, signMarkdown } from '../../../packages/cosign/index.js';
import { recordedPackageCount } from '../../../packages/prebuilt/index.js';
import { ExecRunner } from '../../../packages/process/index.js';
import { RegistryClient } from '../../../packages/registry/index.js';
import { ActionsDownloader, ActionsToolCache, resolveTool } from '../../../packages/tool-install/index.js';
import { identityInputs } from '../../_common/identity.js';
import type { ActionContext } from '../../_common/run-action.js';
import { runAction } from '../../_common/run-action.js';
import { signingKeyInput } from '../../_common/signing-key.js';
import { runnerTemp, workspaceRoot } from '../../_common/workspace.js';
import { spec } from './spec.js';

type Context = ActionContext<(typeof spec.inputs)[number], (typeof spec.outputs)[number]>;

export async function main(): Promise<void> {
  await runAction(spec, async ({ inputs, outputs, log, summary }) => {
    // Every input is read before anything runs: a mistake changes nothing.
    const image = inputs.string('image', { required: true });
    const key = signingKeyInput(inputs, log);
    const version = inputs.string('cosign-version') ?? DEFAULT_COSIGN_VERSION;
    const mirror = inputs.string('tool-mirror');
    const sbom = inputs.string('sbom');
    const identity = identityInputs(inputs);
    const issuer = inputs.string('certificate-oidc-issuer');
    const storage = inputs.oneOf('signature-storage', ['auto', 'referrers', 'tag'] as const, 'auto');
    const transparencyLog = inputs.boolean('transparency-log', true);
    const provenance = inputs.boolean('provenance', false);

    const workDir = privateDirectory();
    const runner = new ExecRunner();
    let result: SignResult;
    try {
      const cosign = await resolveTool(
        COSIGN_PINS,
        version,
        {
          cache: new ActionsToolCache(),
          downloader: new ActionsDownloader(),
          runner,
          log,
          tempDir: workDir,
          ...(mirror !== undefined ? { mirror } : {}),
        },
        'cosign-version',
      );
      result = await signImage(runner, log, {
        cosign: cosign.path,
        image,
        ...(key !== undefined ? { key } : {}),
        identity: { ...identity, ...(issuer !== undefined ? { issuer } : {}) },
        storage,
        transparencyLog,
        ...(sbom !== undefined
          ? {
              sbom: resolve(workspaceRoot(), sbom),
              // The image's own package records, read from its layers: an SBOM listing none of them is refused.
              recordedPackages: (digest: string) => recordedPackageCount(new RegistryClient({ log }), digest),
            }
          : {}),
        provenance,
        workDir,
        env: process.env,
      });
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }

    writeOutputs(outputs, result);
    summary.addHeading('sign-with-cosign', 2).addRaw(signMarkdown(result), true);
  });
}

/** For the public key and predicate files; the runner's temp directory is cleaned after the job anyway. */
function privateDirectory(): string {
  return mkdtempSync(join(runnerTemp(), 'sign-with-cosign-'));
}

function writeOutputs(outputs: Context['outputs'], result: SignResult): void {
  outputs.set('image', result.image);
  outputs.set('digest', result.digest);
  outputs.set('signed', result.signed);
  outputs.set('signature-refs', result.signatureReferences);
  outputs.set('attestation-refs', result.attestationReferences);
  outputs.set('verify-command', result.verifyCommand);
  outputs.set('verify-attestation-command', result.attestations.find((a) => a.type === 'cyclonedx')?.verifyCommand ?? '');
  outputs.set('cosign-version', result.cosignVersion);
}
