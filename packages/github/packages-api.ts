import { explainFailure, failedStatus, field, type GitHubApi, isNumber, isString, listAll } from './api.js';

/**
 * Container package versions through the GitHub Packages API
 * (https://docs.github.com/rest/packages/packages): GHCR deletes an image
 * version only here, never through the registry API. A version is one
 * manifest digest, with the tags that name it.
 */
export interface PackageOwner {
  /** An organisation, or a user account. */
  kind: 'org' | 'user';
  name: string;
}

export interface PackageVersion {
  id: number;
  /** The manifest digest, `sha256:...`. */
  digest: string;
  tags: string[];
  createdAt: string;
}

function base(owner: PackageOwner): string {
  return owner.kind === 'org' ? 'orgs/{owner}' : 'users/{owner}';
}

/** Every version of a container package (`curated-images/velero`), active ones. */
export async function listPackageVersions(api: GitHubApi, owner: PackageOwner, packageName: string): Promise<PackageVersion[]> {
  try {
    return await versionsOf(api, owner, packageName);
  } catch (error: unknown) {
    throw explainFailure(error, `listed the versions of package ${packageName}`, 'packages: read');
  }
}

/**
 * The versions of a container package of `owner`, whether the owner is an
 * organisation or a user: the organisation's listing first, the user's when
 * GitHub knows no such organisation package.
 */
export async function findPackageVersions(
  api: GitHubApi,
  owner: string,
  packageName: string,
): Promise<{ owner: PackageOwner; versions: PackageVersion[] }> {
  try {
    return { owner: { kind: 'org', name: owner }, versions: await versionsOf(api, { kind: 'org', name: owner }, packageName) };
  } catch (error: unknown) {
    if (failedStatus(error) !== 404) throw explainFailure(error, `listed the versions of package ${packageName}`, 'packages: read');
  }
  const user: PackageOwner = { kind: 'user', name: owner };
  return { owner: user, versions: await listPackageVersions(api, user, packageName) };
}

async function versionsOf(api: GitHubApi, owner: PackageOwner, packageName: string): Promise<PackageVersion[]> {
  const items = await listAll(api, `GET /${base(owner)}/packages/{package_type}/{package_name}/versions`, {
    owner: owner.name,
    package_type: 'container',
    package_name: packageName,
    state: 'active',
  });
  return items.map(toVersion);
}

export async function deletePackageVersion(api: GitHubApi, owner: PackageOwner, packageName: string, versionId: number): Promise<void> {
  try {
    await api.request(`DELETE /${base(owner)}/packages/{package_type}/{package_name}/versions/{package_version_id}`, {
      owner: owner.name,
      package_type: 'container',
      package_name: packageName,
      package_version_id: versionId,
    });
  } catch (error: unknown) {
    throw explainFailure(error, `deleted version ${versionId} of package ${packageName}`, 'packages: write');
  }
}

export function toVersion(data: unknown): PackageVersion {
  const metadata = (data as { metadata?: { container?: { tags?: unknown } } } | null)?.metadata;
  const tags = metadata?.container?.tags;
  return {
    id: field(data, 'id', isNumber, 'package version'),
    digest: field(data, 'name', isString, 'package version'),
    tags: Array.isArray(tags) ? tags.filter(isString) : [],
    createdAt: field(data, 'created_at', isString, 'package version'),
  };
}
