import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CredentialResolver } from './credentials.js';
import { helperServerUrl } from './host.js';

/**
 * A docker config of a step's own (point DOCKER_CONFIG at `dir`), holding,
 * for each of `hosts`, the login the resolver finds for it: the step's
 * explicit logins, else what the user's docker config gives (its `auths`,
 * credential helpers, credential store). Tools that read docker's config
 * (regctl, cosign) then see the same logins as the project's registry
 * client, while the user's own config, store and helpers are left as they
 * are: nothing to log out afterwards. The file is the user's alone (0600);
 * the caller removes `dir` when the step ends. Returns the hosts it holds a
 * login for.
 */
export async function writeDockerConfig(dir: string, hosts: readonly string[], credentials: CredentialResolver): Promise<string[]> {
  const auths: Record<string, { auth: string } | { identitytoken: string }> = {};
  for (const host of [...new Set(hosts)].sort()) {
    const login = await credentials.resolve(host);
    if (!login) continue;
    const { credential } = login;
    auths[helperServerUrl(host)] =
      credential.kind === 'basic'
        ? { auth: Buffer.from(`${credential.username}:${credential.password}`).toString('base64') }
        : { identitytoken: credential.token };
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  await writeFile(join(dir, 'config.json'), `${JSON.stringify({ auths }, null, 2)}\n`, { mode: 0o600 });
  return Object.keys(auths).sort();
}
