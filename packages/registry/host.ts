/**
 * How a registry's name in a reference becomes the address its API answers
 * at and the key its credentials are stored under, the way docker does it.
 */

/** Docker Hub's references say `docker.io`; its API lives on another host. */
export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const DOCKER_HUB_API = 'registry-1.docker.io';
/** The key docker writes Docker Hub's login under in config.json, and hands to credential helpers. */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

export function isDockerHub(host: string): boolean {
  return DOCKER_HUB_ALIASES.has(host);
}

/** The host the distribution API is served from. */
export function apiHost(host: string): string {
  return isDockerHub(host) ? DOCKER_HUB_API : host;
}

/** Loopback registries speak plain HTTP, as docker and BuildKit allow them to; every other one HTTPS. */
export function scheme(host: string): 'http' | 'https' {
  return /^(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?::\d+)?$/.test(host) ? 'http' : 'https';
}

/**
 * The host a docker config key names: `https://index.docker.io/v1/` ->
 * `index.docker.io`, `http://localhost:5000` -> `localhost:5000`, as docker's
 * own lookup normalises the keys users and login actions write.
 */
export function configKeyHost(key: string): string {
  const bare = key.replace(/^[a-z]+:\/\//i, '');
  const slash = bare.indexOf('/');
  return (slash === -1 ? bare : bare.slice(0, slash)).toLowerCase();
}

/** Whether a config key is the login for `host` (Docker Hub under any of its names). */
export function configKeyMatches(key: string, host: string): boolean {
  const keyHost = configKeyHost(key);
  if (isDockerHub(host)) return isDockerHub(keyHost);
  return keyHost === host.toLowerCase();
}

/** What a credential helper is asked for: docker hands it the server URL it logged in to. */
export function helperServerUrl(host: string): string {
  return isDockerHub(host) ? DOCKER_HUB_CONFIG_KEY : host;
}

/**
 * What users must know about a registry before they are surprised by it,
 * quoted in the errors where it matters.
 */
export function registryNote(host: string, topic: 'delete' | 'rate-limit' | 'referrers'): string | undefined {
  if (host === 'ghcr.io' && topic === 'delete') {
    return 'ghcr.io does not delete through the registry API; package versions are deleted through the GitHub Packages API';
  }
  if (isDockerHub(host) && topic === 'rate-limit') {
    return 'Docker Hub limits pulls per 6 hours (fewer for anonymous pulls): log in to raise the limit, or pull through a mirror';
  }
  if (host === 'ghcr.io' && topic === 'referrers') {
    return 'ghcr.io has no referrers API; signatures and attestations are found through their sha256-<digest> tags';
  }
  return undefined;
}
