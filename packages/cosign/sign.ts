import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import { type Command, CommandFailedError, type CommandRunner, runChecked } from '../process/index.js';
import {
  attestArguments,
  type Predicate,
  publicKeyArguments,
  type SigningOptions,
  shellCommand,
  signArguments,
  signingEnvironment,
  type Verification,
  verifyArguments,
  verifyAttestationArguments,
} from './arguments.js';
import {
  type IdentityInputs,
  keylessVerification,
  pinnedVerifications,
  type RunEnvironment,
  type RunPolicy,
  requireOidcToken,
  thisRun,
} from './identity.js';
import { importProvenance, PROVENANCE_PREDICATE, provenanceFromRun, type UpstreamOrigin } from './provenance.js';
import { resolveDigest } from './resolve-digest.js';
import { checkSbom } from './sbom.js';
import { parseTree } from './tree.js';
import { capabilitiesOf, parseCosignVersion, type SignatureStorage } from './version.js';

export interface SigningKey {
  /** The private key as `cosign generate-key-pair` writes it (PEM). */
  privateKey: string;
  password: string;
  /** The public key consumers verify with; derived from the private key when absent. */
  publicKey?: string;
}

export interface SignRequest {
  /** The cosign executable. */
  cosign: string;
  /** The docker CLI, used only to resolve a tag to its digest. */
  docker?: string;
  /** The image as the user gave it; a tag is resolved to its digest first. */
  image: string;
  /** Sign with this key; keyless (the workflow's OIDC identity) when absent. */
  key?: SigningKey;
  identity: IdentityInputs;
  /** `auto` follows cosign's own default for its version. */
  storage: 'auto' | SignatureStorage;
  transparencyLog: boolean;
  /** A CycloneDX JSON file to attest (the scan's SBOM). */
  sbom?: string;
  /**
   * How many packages the image's own records list (the lock-down reader's
   * count, all platforms), or how to count them for the digest being signed:
   * an SBOM listing none of them is refused.
   */
  recordedPackages?: number | ((image: string) => Promise<number>);
  /** Attest SLSA provenance built from the run's context. */
  provenance: boolean;
  /** An imported digest: attest where it came from (SLSA provenance of the copy) instead of the run's. */
  upstream?: UpstreamOrigin;
  /** A private directory for the public key and predicate files. */
  workDir: string;
  /** The run's environment (GITHUB_*, ACTIONS_ID_TOKEN_*). */
  env: RunEnvironment;
}

export interface AttestationOutcome {
  /** cosign's predicate type name. */
  type: string;
  /** false when a verified attestation of this type by the same signer was already there. */
  created: boolean;
  verifyCommand: string;
}

export interface SignResult {
  /** `registry/repository@sha256:...` */
  image: string;
  digest: string;
  cosignVersion: string;
  storage: SignatureStorage;
  signer: 'key' | 'keyless';
  /** false when a signature by the same key or identity already verified, so none was added. */
  signed: boolean;
  attestations: AttestationOutcome[];
  /** Signature artifacts attached to the digest: `.sig` tags or referrer manifests. */
  signatureReferences: string[];
  attestationReferences: string[];
  /** The command a consumer runs to check the signature, as this step checked it. */
  verifyCommand: string;
  /** PEM of the public key (key signing only): what consumers verify with. */
  publicKey?: string;
}

/** Where the public key sits in the consumer's verify command. */
export const CONSUMER_PUBLIC_KEY_FILE = 'cosign.pub';

/**
 * Signs one image by digest, attests its SBOM (and provenance when asked),
 * and verifies each right away with the constraints a consumer would use.
 *
 * Idempotent: before writing, each check is run; when a signature (or an
 * attestation of that type) by the same key or identity already verifies,
 * nothing is written. Measured with the pinned versions: v2 skips a second
 * `.sig` layer for the same key by itself but appends every `.att`; v3 adds a
 * new referrer manifest for every sign and attest. Checking first keeps one.
 */
export async function signImage(runner: CommandRunner, log: Logger, request: SignRequest): Promise<SignResult> {
  const cosign = (args: string[], extra: Partial<Command> = {}): Command => ({ file: request.cosign, args, ...extra });
  const version = await runChecked(runner, cosign(['version'], { quiet: true }));
  const capabilities = capabilitiesOf(parseCosignVersion(`${version.stdout}\n${version.stderr}`));
  const signer = request.key ? 'key' : 'keyless';
  if (signer === 'keyless') {
    requireOidcToken(request.env);
    if (!request.transparencyLog) {
      throw new UserError({
        message: `input 'transparency-log' is false, but keyless signing needs the transparency log.`,
        hint: `A keyless certificate lives ten minutes; only the log proves the signature was made in that time. Keep the log, or sign with a key.`,
      });
    }
  }
  const options: SigningOptions = {
    capabilities,
    signer,
    storage: request.storage === 'auto' ? capabilities.defaultStorage : request.storage,
    transparencyLog: request.transparencyLog,
  };
  log.info(`cosign ${capabilities.version}: ${signer} signing, signatures stored as ${describeStorage(options.storage)}`);

  const resolved = await resolveDigest(runner, request.image, request.docker);
  if (resolved.fromTag) log.info(`${resolved.fromTag} resolves to ${resolved.digest}; signing that digest`);
  const image = resolved.image;
  const env = signingEnvironment(request.key);
  const predicates = await predicatesOf(request, image);

  const found = await verificationFor(runner, request, env);
  const { publicKey } = found;
  // Keyless: what this run's certificate must say of it (repository, ref, trigger), checked right after signing.
  const [verification = found.verification] = pinnedVerifications(
    found.verification,
    signer === 'keyless' ? thisRun(request.env) : undefined,
  );
  const signed = await writeOnce(runner, log, {
    what: `signature of ${image}`,
    check: cosign(verifyArguments(options, verification, image), { quiet: true }),
    write: cosign(signArguments(options, image), { env }),
  });
  const attestations: AttestationOutcome[] = [];
  for (const predicate of predicates) {
    const created = await writeOnce(runner, log, {
      what: `${predicate.type} attestation of ${image}`,
      check: cosign(verifyAttestationArguments(options, verification, predicate.type, image), { quiet: true }),
      write: cosign(attestArguments(options, predicate, image), { env }),
    });
    const command = verifyAttestationArguments(options, consumerView(verification), predicate.type, image);
    attestations.push({ type: predicate.type, created, verifyCommand: shellCommand(command) });
  }

  const tree = parseTree((await runChecked(runner, cosign(['tree', image], { quiet: true }))).stdout);
  return {
    image,
    digest: resolved.digest,
    cosignVersion: capabilities.version,
    storage: options.storage,
    signer,
    signed,
    attestations,
    signatureReferences: tree.signatures,
    attestationReferences: tree.attestations.map((a) => a.reference),
    verifyCommand: shellCommand(verifyArguments(options, consumerView(verification), image)),
    ...(publicKey !== undefined ? { publicKey } : {}),
  };
}

interface WriteOnce {
  what: string;
  check: Command;
  write: Command;
}

/** Writes unless the check already passes, then requires the check to pass. Returns whether it wrote. */
async function writeOnce(runner: CommandRunner, log: Logger, step: WriteOnce): Promise<boolean> {
  // Any failure of the first check (not signed yet, another key, a network
  // error) leads to writing; the write and the final check report real errors.
  if ((await runner.run(step.check)).exitCode === 0) {
    log.info(`${step.what}: one by the same signer already verifies; not adding another`);
    return false;
  }
  await runWrite(runner, step.write);
  const after = await runner.run(step.check);
  if (after.exitCode !== 0) {
    throw new Error(`${step.what} was pushed but does not verify:\n${(after.stderr || after.stdout).trim()}`);
  }
  log.info(`${step.what}: written and verified`);
  return true;
}

async function runWrite(runner: CommandRunner, command: Command): Promise<void> {
  try {
    await runChecked(runner, command);
  } catch (error: unknown) {
    throw explainKeyFailure(error);
  }
}

/** A key that cannot be decrypted is the user's mistake: say which input, never the value. */
function explainKeyFailure(error: unknown): unknown {
  if (error instanceof CommandFailedError && /decrypt|reading key|invalid pem|PEM/i.test(error.result.stderr)) {
    const wrongPassword = /decrypt/i.test(error.result.stderr);
    return new UserError(
      {
        message: wrongPassword
          ? `input 'key-password' does not decrypt the private key in 'key' (cosign: decryption failed).`
          : `input 'key' is not a cosign private key cosign can read.`,
        hint: wrongPassword
          ? 'Set key-password to the password given to cosign generate-key-pair for that key.'
          : `Pass the whole content of cosign.key, as written by 'cosign generate-key-pair'.`,
      },
      { cause: error },
    );
  }
  return error;
}

async function verificationFor(
  runner: CommandRunner,
  request: SignRequest,
  env: Record<string, string>,
): Promise<{ verification: Verification; publicKey?: string }> {
  if (request.key === undefined) return { verification: keylessVerification(request.identity, request.env) };
  let derived: string;
  try {
    derived = (await runChecked(runner, { file: request.cosign, args: publicKeyArguments(), env, quiet: true })).stdout;
  } catch (error: unknown) {
    throw explainKeyFailure(error);
  }
  // Checked before anything is written: a private key that is not the given public key's other half signs nothing.
  const given = request.key.publicKey;
  if (given !== undefined && given.replace(/\s+/g, '') !== derived.replace(/\s+/g, '')) {
    throw new UserError({
      message: `input 'key' is not the private half of input 'public-key': its public key differs.`,
      hint: `Pass the two halves of one key pair: 'key' from cosign.key, 'public-key' from cosign.pub.`,
    });
  }
  const publicKey = given ?? derived;
  const publicKeyFile = join(request.workDir, CONSUMER_PUBLIC_KEY_FILE);
  await writeFile(publicKeyFile, publicKey, { mode: 0o644 });
  return { verification: { kind: 'key', publicKeyFile }, publicKey };
}

/** The same constraints, with the key file named as the consumer would keep it. */
function consumerView(verification: Verification): Verification {
  return verification.kind === 'key' ? { kind: 'key', publicKeyFile: CONSUMER_PUBLIC_KEY_FILE } : verification;
}

async function predicatesOf(request: SignRequest, image: string): Promise<Predicate[]> {
  const predicates: Predicate[] = [];
  if (request.sbom !== undefined) {
    const recorded =
      typeof request.recordedPackages === 'function' ? await request.recordedPackages(image) : (request.recordedPackages ?? 0);
    await checkSbom(request.sbom, recorded);
    predicates.push({ type: 'cyclonedx', file: request.sbom });
  }
  if (request.provenance || request.upstream) {
    const file = join(request.workDir, 'provenance.json');
    const predicate = request.upstream ? importProvenance(request.upstream, request.env) : provenanceFromRun(request.env);
    await writeFile(file, `${JSON.stringify(predicate, null, 2)}\n`);
    predicates.push({ type: PROVENANCE_PREDICATE, file });
  }
  return predicates;
}

function describeStorage(storage: SignatureStorage): string {
  return storage === 'referrers' ? 'OCI referrers (Sigstore bundle)' : '.sig/.att tags';
}

export interface VerifyRequest {
  cosign: string;
  /** `registry/repository@sha256:...`: only a digest is verified, never a tag. */
  image: string;
  /** PEM of the public key the image was signed with; keyless verification without it. */
  publicKey?: string;
  identity: IdentityInputs;
  /** Whether the signature was recorded in the transparency log. */
  transparencyLog: boolean;
  /** A private directory for the public key file. */
  workDir: string;
  env: RunEnvironment;
  /** Predicate types (`cyclonedx`) whose attestation by the same signer must verify too. */
  attestations?: readonly string[];
  /**
   * Keyless: the runs whose signatures count (repository, ref, triggers).
   * This run's own by default; the publish job gives publishingRun's, the
   * rescan the default branch with every publishing trigger. `any` pins no
   * run: a signer outside this repository (an upstream's release workflow).
   */
  run?: RunPolicy | 'any';
  /** The registry holds a cosign signature as an OCI 1.1 referrer (see SigningOptions.legacyReferrers). */
  legacyReferrers?: boolean;
}

/** verifySignature with its key file in a directory of its own under `parent`, removed afterwards. */
export async function verifyInTempDir(
  runner: CommandRunner,
  log: Logger,
  parent: string,
  request: Omit<VerifyRequest, 'workDir'>,
): Promise<VerifyResult> {
  const workDir = await mkdtemp(join(parent, 'verify-'));
  try {
    return await verifySignature(runner, log, { ...request, workDir });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

export interface VerifyResult {
  image: string;
  /** The command a consumer runs to check the signature, as it was checked here. */
  verifyCommand: string;
}

/**
 * Checks, writing nothing, that a digest carries a signature by the expected
 * signer: the given public key, or the keyless identity (this workflow's by
 * default). Throws, with cosign's reason, when none verifies.
 */
export async function verifySignature(runner: CommandRunner, log: Logger, request: VerifyRequest): Promise<VerifyResult> {
  if (!/@sha256:[0-9a-f]{64}$/.test(request.image)) {
    throw new Error(`${request.image} is not a reference by digest; only a digest is verified before publishing`);
  }
  const version = await runChecked(runner, { file: request.cosign, args: ['version'], quiet: true });
  const capabilities = capabilitiesOf(parseCosignVersion(`${version.stdout}\n${version.stderr}`));
  const options: SigningOptions = {
    capabilities,
    signer: request.publicKey !== undefined ? 'key' : 'keyless',
    storage: capabilities.defaultStorage,
    transparencyLog: request.transparencyLog,
    ...(request.legacyReferrers ? { legacyReferrers: true } : {}),
  };
  let candidates: Verification[];
  if (request.publicKey !== undefined) {
    const publicKeyFile = join(request.workDir, CONSUMER_PUBLIC_KEY_FILE);
    await writeFile(publicKeyFile, request.publicKey, { mode: 0o644 });
    candidates = [{ kind: 'key', publicKeyFile }];
  } else {
    // The identity first: without one there is nothing to pin a run to.
    const keyless = keylessVerification(request.identity, request.env);
    candidates = pinnedVerifications(keyless, request.run === 'any' ? undefined : (request.run ?? thisRun(request.env)));
  }
  // One cosign call per allowed trigger (cosign pins one); the first that verifies is the signer's run.
  const failures: string[] = [];
  let verification: Verification | undefined;
  for (const candidate of candidates) {
    const result = await runner.run({ file: request.cosign, args: verifyArguments(options, candidate, request.image), quiet: true });
    if (result.exitCode === 0) {
      verification = candidate;
      break;
    }
    failures.push((result.stderr || result.stdout).trim().split('\n').slice(-3).join(' '));
  }
  if (verification === undefined) {
    throw new Error(`no signature of ${request.image} verifies: ${failures.join('; ')}`);
  }
  log.info(`signature of ${request.image}: verifies`);
  for (const type of request.attestations ?? []) {
    const attested = await runner.run({
      file: request.cosign,
      args: verifyAttestationArguments(options, verification, type, request.image),
      quiet: true,
    });
    if (attested.exitCode !== 0) {
      throw new Error(
        `no ${type} attestation of ${request.image} verifies: ${(attested.stderr || attested.stdout).trim().split('\n').slice(-3).join(' ')}`,
      );
    }
    log.info(`${type} attestation of ${request.image}: verifies`);
  }
  return { image: request.image, verifyCommand: shellCommand(verifyArguments(options, consumerView(verification), request.image)) };
}
