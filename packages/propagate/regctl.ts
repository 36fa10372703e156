import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandRunner } from '../process/index.js';
import { scheme } from '../registry/index.js';

/**
 * The copy, done by regclient's regctl rather than by hand: it copies an
 * index with every platform manifest by digest, skips (or, within one
 * registry, mounts) blobs the target already has, copies referrers in the
 * form the target supports (the referrers API, or the `sha256-<hex>`
 * fallback tag it keeps up to date), and with `--digest-tags` the
 * `sha256-<hex>.sig/.att/.sbom` tags of cosign's tag storage, recursively
 * for every manifest it copies. Chosen over `oras cp -r`, which copies
 * referrers but not cosign's `.sig`/`.att` tags, and over `cosign copy`,
 * deprecated upstream (sigstore/cosign #4681).
 *
 * Logins: regctl reads the docker config (DOCKER_CONFIG or ~/.docker) with
 * its credential helpers, as cosign does; nothing secret is on its command
 * line. Its own settings live in a configuration file made for this run
 * (REGCTL_CONFIG), never the user's ~/.regctl.
 */
export interface Regctl {
  /** The regctl executable. */
  path: string;
  /** The run's private configuration file (REGCTL_CONFIG). */
  config: string;
}

/**
 * Writes regctl's configuration for this run: plain HTTP for loopback
 * registries, as the project's registry client, docker and BuildKit treat
 * them; every other host keeps regctl's defaults (TLS verified).
 */
export async function regctlFor(path: string, hosts: readonly string[], dir: string): Promise<Regctl> {
  await mkdir(dir, { recursive: true });
  const config = join(dir, 'regctl-config.json');
  await writeFile(config, `${JSON.stringify(regctlConfig(hosts), null, 2)}\n`, { mode: 0o600 });
  return { path, config };
}

export function regctlConfig(hosts: readonly string[]): { hosts: Record<string, { tls: 'disabled' }> } {
  const config: Record<string, { tls: 'disabled' }> = {};
  for (const host of [...new Set(hosts)].sort()) if (scheme(host) === 'http') config[host] = { tls: 'disabled' };
  return { hosts: config };
}

/** `regctl image copy` of one digest, by digest: no tag is written at the target. */
export function copyArguments(source: string, target: string): string[] {
  if (!/@sha256:[0-9a-f]{64}$/.test(source) || !/@sha256:[0-9a-f]{64}$/.test(target)) {
    throw new Error(`regctl copies by digest only: ${source} -> ${target}`);
  }
  return ['image', 'copy', '--referrers', '--digest-tags', source, target];
}

/**
 * Runs the copy. regctl retries a failing request itself (five times, with
 * backoff) before it gives up; this does not retry it again, the next run
 * copies what is still missing.
 */
export async function regctlCopy(runner: CommandRunner, regctl: Regctl, source: string, target: string): Promise<void> {
  const result = await runner.run({
    file: regctl.path,
    args: copyArguments(source, target),
    env: { REGCTL_CONFIG: regctl.config },
    quiet: true,
  });
  if (result.exitCode !== 0) {
    throw new Error(`regctl image copy exited with code ${result.exitCode}: ${regctlReason(result.stderr || result.stdout)}`);
  }
}

/**
 * What regctl said went wrong, without its notes: it logs, for every
 * loopback host this run's configuration sets to plain HTTP, that it
 * changed the TLS setting the docker config implied.
 */
export function regctlReason(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.includes('msg="Changing TLS settings for registry"'));
  return lines.slice(-3).join(' / ') || 'no output';
}
