import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type IdentityInputs,
  publishingRun,
  type RunEnvironment,
  type RunPolicy,
  readEventPayload,
  type SigningKey,
  signImage,
  verifyInTempDir,
} from '../cosign/index.js';
import type { ImageTestReport } from '../image-tests/index.js';
import type { Logger } from '../logging/index.js';
import { parseReference } from '../oci/index.js';
import type { PlanEntry } from '../plan/entry.js';
import { type CommandRunner, runChecked } from '../process/index.js';
import { type ManifestStore, publish } from '../publish/index.js';
import type { BuildOutcome, ChainSteps, ScanOutcome } from './steps.js';

export interface ToolStepsConfig {
  runner: CommandRunner;
  log: Logger;
  /** The docker CLI, to resolve a tag to its digest when signing. */
  docker: string;
  /** Reads and writes manifests: publishing tags the digest's exact bytes. */
  registry: ManifestStore;
  cosign: string;
  /** A private directory for the signing step's files (public key, predicates). */
  workDir: string;
  /** Sign with this key; keyless (the workflow's OIDC identity) without it. */
  key?: SigningKey;
  transparencyLog: boolean;
  /** Keyless: the identity the signature must carry; this workflow's own when empty. */
  identity: IdentityInputs;
  /**
   * The public key signatures must verify with, given by the user: the
   * publish job verifies with it rather than with the key an earlier job
   * recorded (signing checks `key.publicKey` against the private key).
   */
  publicKey?: string;
  /** The run's environment (GITHUB_*, ACTIONS_ID_TOKEN_*), for keyless identity. */
  env: RunEnvironment;
  build(entry: PlanEntry, contexts: Record<string, string>): Promise<BuildOutcome>;
  test(entry: PlanEntry, image: string): Promise<ImageTestReport>;
  scan(entry: PlanEntry, image: string): Promise<ScanOutcome>;
}

/**
 * The real steps: the given build, tests and scan, then cosign (sign by digest,
 * attest the scan's SBOM, verify; nothing added when the same signer's
 * signature already verifies) and the registry (tag the digest, read back).
 *
 * Keyless, a digest is published only by a run that may publish (a
 * `schedule` or `workflow_dispatch` run on the default branch), and the
 * publish job's verification pins that run: the caller's repository, the
 * default branch, the trigger, besides the signing workflow's identity.
 */
export function toolSteps(config: ToolStepsConfig): ChainSteps {
  let policy: RunPolicy | undefined;
  const publishing = (): RunPolicy => {
    policy ??= publishingRun(config.env, readEventPayload(config.env));
    return policy;
  };
  /** Digests the publish job verified with a key: the run policy is for keyless certificates. */
  const verifiedWithKey = new Set<string>();
  return {
    build: (entry, contexts) => config.build(entry, contexts),
    test: (entry, image) => config.test(entry, image),
    scan: (entry, image) => config.scan(entry, image),
    async sign(entry, image, sbom, recordedPackages) {
      const workDir = await mkdtemp(join(config.workDir, `sign-${entry.id}-`));
      try {
        const result = await signImage(config.runner, config.log, {
          cosign: config.cosign,
          docker: config.docker,
          image,
          ...(config.key !== undefined ? { key: config.key } : {}),
          identity: config.identity,
          storage: 'auto',
          transparencyLog: config.transparencyLog,
          ...(sbom !== undefined ? { sbom, recordedPackages } : {}),
          provenance: false,
          ...(entry.import !== undefined ? { upstream: { reference: entry.import.upstream, digest: entry.import.digest } } : {}),
          workDir,
          env: config.env,
        });
        // signImage verifies what it wrote (or found) and throws when it does not verify.
        return {
          image: result.image,
          verified: true,
          signed: result.signed,
          verifyCommand: result.verifyCommand,
          ...(result.publicKey !== undefined ? { publicKey: result.publicKey } : {}),
        };
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    },
    async verify(_entry, image, check) {
      const trusted = config.publicKey ?? check.publicKey;
      const result = await verifyInTempDir(config.runner, config.log, config.workDir, {
        cosign: config.cosign,
        image,
        ...(trusted !== undefined ? { publicKey: trusted } : {}),
        identity: config.identity,
        transparencyLog: config.transparencyLog,
        env: config.env,
        attestations: check.attestations,
        ...(trusted === undefined ? { run: publishing() } : {}),
      });
      if (trusted !== undefined) verifiedWithKey.add(image);
      // verifySignature throws when no signature (or attestation) verifies.
      return { image: result.image, verified: true, signed: false, verifyCommand: result.verifyCommand };
    },
    async publish(_entry, plan, evidence) {
      // Signed keyless in this step, or verified keyless above: this run must be one that may publish.
      if (config.key === undefined && !verifiedWithKey.has(plan.image)) publishing();
      return (await publish(config.registry, config.log, plan, evidence)).published;
    },
  };
}

/** `docker login` to the registry of an image, the password on stdin, never on the command line. */
export async function registryLogin(
  runner: CommandRunner,
  docker: string,
  repository: string,
  credentials: { username: string; password: string },
): Promise<string> {
  const registry = parseReference(repository, 'repository').registry;
  await runChecked(runner, {
    file: docker,
    args: ['login', registry, '--username', credentials.username, '--password-stdin'],
    stdin: credentials.password,
    quiet: true,
  });
  return registry;
}
