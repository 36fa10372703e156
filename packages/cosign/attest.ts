import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import { type CommandRunner, runChecked } from '../process/index.js';
import {
  attestArguments,
  publicKeyArguments,
  type SigningOptions,
  signingEnvironment,
  type Verification,
  verifyAttestationArguments,
} from './arguments.js';
import { type IdentityInputs, keylessVerification, type RunEnvironment, requireOidcToken } from './identity.js';
import { CONSUMER_PUBLIC_KEY_FILE, type SigningKey } from './sign.js';
import { capabilitiesOf, parseCosignVersion } from './version.js';

/**
 * Attestations that are a record, not a one-off: a rescan's result is
 * attested on the digest every time it changes, so the history of what was
 * found lives beside the image. signImage writes an attestation of a type
 * once; these write each time, and read every one back.
 */
export interface AttestationSigner {
  cosign: string;
  /** With a key; keyless (the workflow's OIDC identity) when absent. */
  key?: SigningKey;
  /** The public key attestations are read back with, when there is no private key here (read only). */
  publicKey?: string;
  /** Keyless: the identity the attestations must carry when read back. */
  identity: IdentityInputs;
  transparencyLog: boolean;
  /** A private directory for the public key file. */
  workDir: string;
  env: RunEnvironment;
}

/** An in-toto statement as cosign wraps it in the DSSE envelope. */
export interface Statement {
  predicateType: string;
  subject: { name?: string; digest?: Record<string, string> }[];
  predicate: unknown;
}

export interface ReadAttestations {
  statements: Statement[];
  /** Why none verified, when none did (cosign's last line). */
  none?: string;
}

/** Attests `predicateFile` as `type` (a cosign type name: `vuln`) on `image` (by digest), then checks that one verifies. */
export async function attestPredicate(
  runner: CommandRunner,
  log: Logger,
  signer: AttestationSigner,
  image: string,
  type: string,
  predicateFile: string,
): Promise<void> {
  requireDigest(image);
  const { options, verification, env } = await prepare(runner, signer);
  await runChecked(runner, { file: signer.cosign, args: attestArguments(options, { type, file: predicateFile }, image), env, quiet: true });
  const check = await runner.run({
    file: signer.cosign,
    args: verifyAttestationArguments(options, verification, type, image),
    quiet: true,
  });
  if (check.exitCode !== 0) {
    throw new Error(`the ${type} attestation of ${image} was pushed but does not verify: ${lastLine(check.stderr || check.stdout)}`);
  }
  log.info(`${type} attestation of ${image}: written and verified`);
}

/**
 * Every attestation of `type` on `image` that verifies with the signer's key
 * or identity, decoded. None is an answer (`none` says cosign's reason);
 * a registry that cannot be reached is an error.
 */
export async function readAttestations(
  runner: CommandRunner,
  signer: AttestationSigner,
  image: string,
  type: string,
): Promise<ReadAttestations> {
  requireDigest(image);
  const { options, verification } = await prepare(runner, signer, false);
  const result = await runner.run({
    file: signer.cosign,
    args: verifyAttestationArguments(options, verification, type, image),
    quiet: true,
  });
  if (result.exitCode !== 0) {
    const reason = lastLine(result.stderr || result.stdout);
    if (/no matching attestations|none of the attestations matched|no signatures found|MANIFEST_UNKNOWN|not found/i.test(reason)) {
      return { statements: [], none: reason };
    }
    throw new Error(`could not read the ${type} attestations of ${image}: ${reason}`);
  }
  const digest = image.split('@')[1]?.replace(/^sha256:/, '');
  const statements: Statement[] = [];
  for (const line of result.stdout.split('\n')) {
    if (line.trim() === '') continue;
    const statement = decodeEnvelope(line);
    // cosign checked the signature; the subject must also be this digest.
    if (statement?.subject.some((s) => s.digest?.sha256 === digest)) statements.push(statement);
  }
  return { statements };
}

export function decodeEnvelope(line: string): Statement | undefined {
  try {
    const envelope = JSON.parse(line) as { payload?: unknown };
    if (typeof envelope.payload !== 'string') return undefined;
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as Partial<Statement>;
    if (typeof statement.predicateType !== 'string' || !Array.isArray(statement.subject)) return undefined;
    return { predicateType: statement.predicateType, subject: statement.subject, predicate: statement.predicate };
  } catch {
    return undefined;
  }
}

interface Prepared {
  options: SigningOptions;
  verification: Verification;
  env: Record<string, string>;
}

/**
 * cosign's version and the public key, once per signer: deriving the public
 * key decrypts the private one (scrypt, about half a second), and a rescan
 * reads and writes attestations on every digest.
 */
const preparedSigners = new WeakMap<AttestationSigner, Promise<Prepared>>();

async function prepare(runner: CommandRunner, signer: AttestationSigner, writing = true): Promise<Prepared> {
  if (writing && signer.key === undefined) {
    if (signer.publicKey !== undefined) throw new Error('attesting needs the private key; only the public key was given');
    requireOidcToken(signer.env);
    if (!signer.transparencyLog) {
      throw new UserError({
        message: 'keyless attestations need the transparency log, and it is turned off.',
        hint: 'Keep the transparency log, or attest with a key.',
      });
    }
  }
  let found = preparedSigners.get(signer);
  if (!found) {
    found = prepareNow(runner, signer);
    // A failure is not remembered: the next call tries again.
    found.catch(() => preparedSigners.delete(signer));
    preparedSigners.set(signer, found);
  }
  return found;
}

async function prepareNow(runner: CommandRunner, signer: AttestationSigner): Promise<Prepared> {
  const version = await runChecked(runner, { file: signer.cosign, args: ['version'], quiet: true });
  const capabilities = capabilitiesOf(parseCosignVersion(`${version.stdout}\n${version.stderr}`));
  const env = signingEnvironment(signer.key);
  const given = signer.key?.publicKey ?? signer.publicKey;
  if (signer.key === undefined && given === undefined) {
    const options: SigningOptions = {
      capabilities,
      signer: 'keyless',
      storage: capabilities.defaultStorage,
      transparencyLog: signer.transparencyLog,
    };
    return { options, verification: keylessVerification(signer.identity, signer.env), env };
  }
  const publicKey = given ?? (await runChecked(runner, { file: signer.cosign, args: publicKeyArguments(), env, quiet: true })).stdout;
  const publicKeyFile = join(signer.workDir, CONSUMER_PUBLIC_KEY_FILE);
  await writeFile(publicKeyFile, publicKey, { mode: 0o644 });
  const options: SigningOptions = {
    capabilities,
    signer: 'key',
    storage: capabilities.defaultStorage,
    transparencyLog: signer.transparencyLog,
  };
  return { options, verification: { kind: 'key', publicKeyFile }, env };
}

function requireDigest(image: string): void {
  if (!/@sha256:[0-9a-f]{64}$/.test(image))
    throw new Error(`${image} is not a reference by digest; attestations are read and written by digest only`);
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((l) => !/^WARNING:/.test(l))
      .pop() ?? ''
  ).slice(0, 400);
}
