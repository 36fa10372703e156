import { UserError } from '../errors/index.js';
import { deletePackageVersion, findPackageVersions, type GitHubApi, type PackageOwner, type PackageVersion } from '../github/index.js';
import type { RegistryClient } from '../registry/index.js';
import { type Deleter, deleterByHost, registryDeleter } from './retain.js';

/**
 * ghcr.io's Packages API there (the API client made on first use, from
 * `github`), the distribution API everywhere else. Without `github` a
 * ghcr.io repository is refused, and before anything is deleted anywhere:
 * retainVersions asks every repository's canUntag while it plans.
 */
export function hostDeleter(client: RegistryClient, github: (() => GitHubApi | Promise<GitHubApi>) | undefined): Deleter {
  const registry = registryDeleter(client);
  let ghcr: Deleter | undefined;
  return deleterByHost((host) => {
    if (host !== 'ghcr.io') return registry;
    if (github === undefined) {
      throw new UserError({
        message: "ghcr.io deletes only through the GitHub Packages API, and input 'github-token' is empty.",
        hint: "Leave 'github-token' at its default (github.token), and give the job 'permissions: { packages: write }'.",
      });
    }
    ghcr ??= ghcrDeleter(github());
    return ghcr;
  });
}

/**
 * Deletes on ghcr.io, which removes nothing through the registry API: a
 * manifest is a package version (`ghcr.io/<owner>/<package>`, the package
 * named by the rest of the path, `curated-images/velero`), deleted by its id
 * through the GitHub Packages API. A version is a digest with every tag
 * naming it, so a single tag cannot be removed (`canUntag` is false: a
 * shared digest keeps even its removed tag). The versions of a package are
 * listed once per run, and whether the owner is an organisation or a user is
 * learned from which listing answers.
 */
export function ghcrDeleter(client: GitHubApi | Promise<GitHubApi>): Deleter {
  const api = Promise.resolve(client);
  const listings = new Map<string, Promise<{ owner: PackageOwner; name: string; versions: PackageVersion[] }>>();
  const listing = (path: string) => {
    let found = listings.get(path);
    if (!found) {
      found = api.then((a) => listVersions(a, path));
      listings.set(path, found);
    }
    return found;
  };
  return {
    canUntag: async () => false,
    async deleteManifest(repository, digest) {
      const { owner, name, versions } = await listing(repository.path);
      const version = versions.find((v) => v.digest === digest);
      if (version === undefined) return false;
      await deletePackageVersion(await api, owner, name, version.id);
      versions.splice(versions.indexOf(version), 1);
      return true;
    },
    untag: async () => 'unsupported',
  };
}

/** `example-org/curated-images/velero` -> the owner `example-org` and the package `curated-images/velero`. */
export function packageOf(path: string): { owner: string; name: string } {
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw new Error(`ghcr.io/${path} names no package under an owner`);
  return { owner: path.slice(0, slash), name: path.slice(slash + 1) };
}

async function listVersions(api: GitHubApi, path: string): Promise<{ owner: PackageOwner; name: string; versions: PackageVersion[] }> {
  const { owner, name } = packageOf(path);
  return { name, ...(await findPackageVersions(api, owner, name)) };
}
