import type { ImageTestReport } from '../image-tests/index.js';
import type { PlanEntry } from '../plan/entry.js';
import type { GateEvidence, PublishPlan } from '../publish/index.js';
import type { ScanStatus } from '../trivy/index.js';

/**
 * The gates of the chain, in the order an image meets them. `parent` is not a
 * gate of the image itself: it stops a child whose parent did not get through.
 */
export const GATES = ['parent', 'build', 'lock-down', 'test', 'scan', 'sign', 'publish'] as const;
export type Gate = (typeof GATES)[number];

/**
 * The chain in the jobs a workflow can split it into, each with only the
 * permissions it needs: `build` (push by digest, then the lock-down checks
 * and the image's tests, which run the pushed digest),
 * `scan`, `sign` (and attest), `publish`. A phase reads where the phase before
 * it left each image from its outcome record.
 */
export const PHASES = ['build', 'scan', 'sign', 'publish'] as const;
export type Phase = (typeof PHASES)[number];

/** The gates each phase runs, in order. */
export const PHASE_GATES: Readonly<Record<Phase, readonly Gate[]>> = {
  build: ['build', 'lock-down', 'test'],
  scan: ['scan'],
  sign: ['sign'],
  publish: ['publish'],
};

export interface BuildOutcome {
  /** `registry/repository@sha256:...`, pushed by digest, no public tag. */
  image: string;
  /**
   * What the prebuilt lock-down checks found on the built image (no shell, no
   * package manager, non-root, exec form, capabilities); empty when it passed
   * or the image is `layered`.
   */
  lockDownProblems: string[];
}

export interface ScanOutcome {
  /** The digest that was scanned, every platform of it. */
  image: string;
  /** `pass`, or why not: `fail` (findings), `unscannable` (trivy saw less than the image holds), `stale-db`. */
  verdict: ScanStatus;
  /** Why the gate failed, or what it found under the threshold, in one line. */
  reason: string;
  /** How many packages the image's own records list, all platforms together: an SBOM of it must not be empty. */
  recordedPackages: number;
  /** The scan's job summary (markdown). */
  summary?: string;
  /** A CycloneDX JSON SBOM of the image, to attest when signing. */
  sbom?: string;
  /** The findings as SARIF, for code scanning. */
  sarif?: string;
}

export interface SignOutcome {
  /** The digest that was signed. */
  image: string;
  verified: boolean;
  /** false when a signature by the same signer already verified, so none was added. */
  signed: boolean;
  /** The command a consumer runs to verify the signature. */
  verifyCommand: string;
  /** PEM of the public key when signed with a key: what a later job verifies with. */
  publicKey?: string;
}

/**
 * The four steps of the chain, injected: the root action and the e2e tests
 * give the real ones (buildx, trivy, cosign, imagetools), unit tests give
 * scripted ones. A step throws when it cannot do its work at all.
 */
export interface ChainSteps {
  /**
   * Builds and pushes one entry by digest. `contexts` maps each FROM reference
   * of a catalog parent to `docker-image://<parent>@sha256:...` (buildx
   * `--build-context`), so a child is built on exactly the digest that passed.
   */
  build(entry: PlanEntry, contexts: Record<string, string>): Promise<BuildOutcome>;
  /**
   * Runs the entry's tests (`entry.tests`, never empty here) on the pushed
   * digest, per platform (packages/image-tests).
   */
  test(entry: PlanEntry, image: string): Promise<ImageTestReport>;
  scan(entry: PlanEntry, image: string): Promise<ScanOutcome>;
  /** Signs and attests the SBOM; refuses an SBOM with no packages when the image's records list `recordedPackages`. */
  sign(entry: PlanEntry, image: string, sbom: string | undefined, recordedPackages: number): Promise<SignOutcome>;
  /**
   * Verifies, without writing anything, that the digest carries a signature
   * by the expected signer (the public key the sign job used, or the keyless
   * identity), and that the given attestations (the SBOM's) verify too:
   * what the publish job checks when signing ran in another job.
   */
  verify(entry: PlanEntry, image: string, check: { publicKey?: string; attestations: readonly string[] }): Promise<SignOutcome>;
  /** Puts the tags on the digest; returns the tags read back. Refuses without full evidence. */
  publish(entry: PlanEntry, plan: PublishPlan, evidence: GateEvidence): Promise<string[]>;
}
