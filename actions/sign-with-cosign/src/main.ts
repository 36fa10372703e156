import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COSIGN_RELEASES, type SigningKey, type SignResult, signImage } from '../../../packages/cosign/index.js';
import { UserError } from '../../../packages/errors/index.js';
import type { Logger } from '../../../packages/logging/index.js';
import { ExecRunner } from '../../../packages/process/index.js';
import type { ActionContext } from '../../_common/run-action.js';
import { runAction } from '../../_common/run-action.js';
import { spec } from './spec.js';

type Context = ActionContext<(typeof spec.inputs)[number], (typeof spec.outputs)[number]>;

export async function main(): Promise<void> {
  await runAction(spec, async ({ inputs, outputs, log, summary }) => {
    const image = inputs.string('image', { required: true });
    const key = signingKey(inputs, log);
    const versions = COSIGN_RELEASES.map((r) => r.version);
    const version = inputs.oneOf('cosign-version', versions, versions[0] ?? '3.1.2');
    const fromPath = inputs.boolean('cosign-from-path', false);
    const sbom = inputs.string('sbom');
    const identity = inputs.string('certificate-identity');
    const identityRegexp = inputs.string('certificate-identity-regexp');
    const issuer = inputs.string('certificate-oidc-issuer');

    const workDir = privateDirectory();
    const result = await signImage(new ExecRunner(), log, {
      cosign: fromPath ? 'cosign' : await pinnedCosign(version),
      image,
      ...(key !== undefined ? { key } : {}),
      identity: {
        ...(identity !== undefined ? { identity } : {}),
        ...(identityRegexp !== undefined ? { identityRegexp } : {}),
        ...(issuer !== undefined ? { issuer } : {}),
      },
      storage: inputs.oneOf('signature-storage', ['auto', 'referrers', 'tag'] as const, 'auto'),
      transparencyLog: inputs.boolean('transparency-log', true),
      ...(sbom !== undefined ? { sbom: resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), sbom) } : {}),
      provenance: inputs.boolean('provenance', false),
      workDir,
      env: process.env,
    }).finally(() => rmSync(workDir, { recursive: true, force: true }));

    writeOutputs(outputs, result);
    writeSummary(summary, result);
  });
}

/** The key and its password, masked line by line before anything can print them. */
function signingKey(inputs: Context['inputs'], log: Logger): SigningKey | undefined {
  const privateKey = inputs.secret('key');
  const password = inputs.secret('key-password');
  if (privateKey === undefined) {
    if (password !== undefined) {
      throw new UserError({
        message: `input 'key-password' is set but 'key' is not.`,
        hint: 'Set key to the private key the password belongs to, or remove key-password to sign keyless.',
      });
    }
    return undefined;
  }
  // The runner masks a secret as a whole; a PEM also leaks line by line.
  for (const line of privateKey.split(/\r?\n/)) if (line.trim().length >= 8) log.secret(line.trim());
  const publicKey = inputs.string('public-key');
  return { privateKey, password: password ?? '', ...(publicKey !== undefined ? { publicKey: `${publicKey}\n` } : {}) };
}

/** For the public key and predicate files; the runner's temp directory is cleaned after the job anyway. */
function privateDirectory(): string {
  const parent = process.env.RUNNER_TEMP ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, 'sign-with-cosign-'));
}

async function pinnedCosign(version: string): Promise<string> {
  throw new Error(`installing the pinned cosign ${version} is not available in this build; set 'cosign-from-path: true'`);
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

function writeSummary(summary: Context['summary'], result: SignResult): void {
  const status = (created: boolean) => (created ? 'signed and verified' : 'already present, verified');
  summary
    .addHeading('sign-with-cosign', 2)
    .addTable([
      [
        { data: 'what', header: true },
        { data: 'result', header: true },
      ],
      ['image', `<code>${result.image}</code>`],
      ['signature', status(result.signed)],
      ...result.attestations.map((a) => [`${a.type} attestation`, status(a.created)]),
      ['signer', result.signer === 'key' ? 'key' : 'keyless (workflow identity)'],
      ['cosign', `${result.cosignVersion}, ${result.storage === 'referrers' ? 'OCI referrers' : '.sig/.att tags'}`],
    ])
    .addRaw('Verify it yourself:', true)
    .addCodeBlock([result.verifyCommand, ...result.attestations.map((a) => a.verifyCommand)].join('\n'), 'sh');
  if (result.publicKey !== undefined)
    summary.addRaw('with this public key as <code>cosign.pub</code>:', true).addCodeBlock(result.publicKey.trim());
}
