import type { CosignCapabilities, SignatureStorage } from './version.js';

/**
 * The argument arrays and environment of every cosign call this action makes,
 * built from plain data so that each flag can be checked against the pinned
 * versions' source (test/unit/cosign/arguments.test.ts). Nothing secret ever
 * appears here: the private key and its password travel in the environment.
 */

/** The variable that carries the private key; cosign reads it through `--key env://NAME`. */
export const PRIVATE_KEY_VARIABLE = 'SIGN_WITH_COSIGN_PRIVATE_KEY';
/** cosign's own variable for the key's password. */
export const PASSWORD_VARIABLE = 'COSIGN_PASSWORD';
/** The issuer of the tokens GitHub Actions mints for `id-token: write` jobs. */
export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';

/** How signatures are made: a key pair, or a short-lived certificate for the workflow's identity. */
export type SignerKind = 'key' | 'keyless';

/**
 * What the GitHub extensions of a keyless certificate must say of the run
 * that signed. Fulcio copies them from the job's OIDC token: the repository
 * whose run it was (for a reusable workflow, the caller's: anyone can call a
 * public one), the git ref that run was on, and the event that started it.
 */
export interface WorkflowRun {
  /** `owner/name`: `--certificate-github-workflow-repository`. */
  repository: string;
  /** `refs/heads/main`: `--certificate-github-workflow-ref`. */
  ref: string;
  /** `schedule`, `workflow_dispatch`: `--certificate-github-workflow-trigger`. */
  trigger: string;
}

/** What a signature must satisfy to count, as a consumer in production would check it. */
export type Verification =
  | { kind: 'key'; publicKeyFile: string }
  | { kind: 'keyless'; identity: { exact: string } | { regexp: string }; issuer: string; run?: WorkflowRun };

export interface SigningOptions {
  capabilities: CosignCapabilities;
  signer: SignerKind;
  storage: SignatureStorage;
  /** Upload to the transparency log (Rekor); off only for private infrastructure with a key. */
  transparencyLog: boolean;
  /**
   * Reading only: the signature may be a cosign signature stored as an OCI
   * 1.1 referrer (`cosign sign --registry-referrers-mode=oci-1-1`), which
   * `verify` finds only with `--experimental-oci11` (both pinned majors).
   */
  legacyReferrers?: boolean;
}

export interface Predicate {
  /** cosign's predicate type name (`cyclonedx`, `slsaprovenance1`). */
  type: string;
  file: string;
}

export function signArguments(options: SigningOptions, image: string): string[] {
  return ['sign', '--yes', ...signerFlags(options.signer), ...writeFlags(options), image];
}

export function attestArguments(options: SigningOptions, predicate: Predicate, image: string): string[] {
  return [
    'attest',
    '--yes',
    '--type',
    predicate.type,
    '--predicate',
    predicate.file,
    ...signerFlags(options.signer),
    ...writeFlags(options),
    image,
  ];
}

export function verifyArguments(options: SigningOptions, verification: Verification, image: string): string[] {
  return ['verify', ...constraintFlags(verification), ...readFlags(options), image];
}

export function verifyAttestationArguments(options: SigningOptions, verification: Verification, type: string, image: string): string[] {
  return ['verify-attestation', '--type', type, ...constraintFlags(verification), ...readFlags(options), image];
}

/** `cosign public-key`: the public half of the key given as a secret. */
export function publicKeyArguments(): string[] {
  return ['public-key', '--key', `env://${PRIVATE_KEY_VARIABLE}`];
}

/**
 * The environment of a signing call. With a key: the key and its password.
 * Keyless: nothing; cosign's `github-actions` provider fetches the workflow's
 * OIDC token itself from ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN, which the
 * runner sets for jobs with `id-token: write`, so the token never passes
 * through this action, its logs, or a command line.
 */
export function signingEnvironment(secret: { privateKey: string; password: string } | undefined): Record<string, string> {
  if (secret === undefined) return {};
  return { [PRIVATE_KEY_VARIABLE]: secret.privateKey, [PASSWORD_VARIABLE]: secret.password };
}

function signerFlags(signer: SignerKind): string[] {
  if (signer === 'key') return ['--key', `env://${PRIVATE_KEY_VARIABLE}`];
  // Named explicitly so that a job without `id-token: write` fails on the
  // GitHub provider rather than falling through to another ambient provider.
  return ['--oidc-provider', 'github-actions'];
}

/** Flags that choose the storage and the log when writing, for this cosign version. */
function writeFlags(options: SigningOptions): string[] {
  const { capabilities, storage, transparencyLog } = options;
  const flags = new Set<string>();
  if (storage !== capabilities.defaultStorage) {
    if (storage === 'tag') {
      // v3: the old format, and without the TUF signing config, which refuses it.
      flags.add('--new-bundle-format=false');
      if (capabilities.signingConfigByDefault) flags.add('--use-signing-config=false');
    } else {
      flags.add('--new-bundle-format=true');
    }
  }
  if (!transparencyLog) {
    // v3 refuses --tlog-upload=false while the signing config is in use.
    if (capabilities.signingConfigByDefault) flags.add('--use-signing-config=false');
    flags.add('--tlog-upload=false');
  }
  return [...flags];
}

/** Flags that make verify read what was written. */
function readFlags(options: SigningOptions): string[] {
  const flags: string[] = [];
  // v2 only looks for bundles (referrers) when asked; v3 reads both.
  if (options.storage === 'referrers' && options.storage !== options.capabilities.defaultStorage) {
    flags.push('--new-bundle-format=true');
  }
  if (!options.transparencyLog) flags.push('--insecure-ignore-tlog');
  if (options.legacyReferrers) flags.push('--experimental-oci11');
  return flags;
}

function constraintFlags(verification: Verification): string[] {
  if (verification.kind === 'key') return ['--key', verification.publicKeyFile];
  const identity =
    'exact' in verification.identity
      ? ['--certificate-identity', verification.identity.exact]
      : ['--certificate-identity-regexp', verification.identity.regexp];
  const run = verification.run
    ? [
        '--certificate-github-workflow-repository',
        verification.run.repository,
        '--certificate-github-workflow-ref',
        verification.run.ref,
        '--certificate-github-workflow-trigger',
        verification.run.trigger,
      ]
    : [];
  return [...identity, '--certificate-oidc-issuer', verification.issuer, ...run];
}

/**
 * A command line a consumer can paste into a shell: `cosign` and the
 * arguments, each quoted for POSIX shells when it needs it.
 */
export function shellCommand(args: readonly string[]): string {
  return ['cosign', ...args].map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
