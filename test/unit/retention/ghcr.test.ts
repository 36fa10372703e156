import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../packages/errors/index.js';
import type { RegistryClient } from '../../../packages/registry/index.js';
import { hostDeleter, packageOf } from '../../../packages/retention/index.js';
import { uniqueRepository, useStandIn } from '../github/setup.js';

const t = useStandIn();

/** A registry client that must never be asked: on ghcr.io every delete goes through the Packages API. */
const untouchable = new Proxy({} as RegistryClient, {
  get: (_target, name) => () => {
    throw new Error(`the registry API was called (${String(name)})`);
  },
});

describe('deleting on ghcr.io', () => {
  it('names the package below its owner', () => {
    expect(packageOf('example-org/curated-images/velero')).toEqual({ owner: 'example-org', name: 'curated-images/velero' });
    expect(() => packageOf('velero')).toThrow('names no package under an owner');
  });

  it('deletes a digest by its package version id, learning whether the owner is a user, and never untags', async () => {
    const owner = uniqueRepository().repo;
    const digest = (n: number) => `sha256:${String(n).repeat(64)}`;
    const ids = t.standIn.addPackageVersions({ kind: 'user', name: owner }, 'images/web', [
      { digest: digest(1), tags: ['1.0.0'] },
      { digest: digest(2), tags: ['2.0.0'] },
    ]);
    const deleter = hostDeleter(untouchable, () => t.api);
    const repository = { host: 'ghcr.io', path: `${owner}/images/web` };
    expect(await deleter.canUntag(repository)).toBe(false);
    expect(await deleter.untag(repository, '1.0.0')).toBe('unsupported');
    expect(await deleter.deleteManifest(repository, digest(1))).toBe(true);
    // Gone from the listing: asking again finds nothing to delete.
    expect(await deleter.deleteManifest(repository, digest(1))).toBe(false);
    const deletes = t.standIn.requests.filter((r) => r.method === 'DELETE' && r.path.includes(owner));
    expect(deletes.map((r) => [r.path.split('/').at(-1), r.status])).toEqual([[String(ids[0]), 204]]);
  });

  it('without a token, a ghcr.io repository is refused and the others still use the registry API', async () => {
    const calls: string[] = [];
    const client = { deleteManifest: async (host: string) => calls.push(host) } as unknown as RegistryClient;
    const deleter = hostDeleter(client, undefined);
    const refused = await deleter.deleteManifest({ host: 'ghcr.io', path: 'o/p' }, 'sha256:1').catch((e: unknown) => e);
    expect(isUserError(refused) && refused.message).toContain("input 'github-token' is empty");
    await deleter.deleteManifest({ host: '127.0.0.1:5000', path: 'o/p' }, 'sha256:1');
    expect(calls).toEqual(['127.0.0.1:5000']);
  });
});
