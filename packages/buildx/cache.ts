import { UserError } from '../errors/index.js';

/**
 * Where BuildKit keeps layers between builds. `registry` stores them next to
 * the image (`<repository>:buildcache-<application>`, mode=max so every stage
 * is kept); `gha` uses the GitHub Actions cache service, which the runner
 * exposes to JavaScript actions through ACTIONS_* variables that buildx reads
 * itself (the token never appears on a command line).
 */
export type CacheMode = 'registry' | 'gha' | 'none';
export const CACHE_MODES: readonly CacheMode[] = ['registry', 'gha', 'none'];

export type CacheConfig = { kind: 'registry'; ref: string } | { kind: 'gha'; scope: string } | { kind: 'none' };

export interface CacheChoice {
  config: CacheConfig;
  /** Why the cache asked for is not used, when it is not. */
  warning?: string;
}

export function chooseCache(
  mode: CacheMode,
  options: { repository: string; application: string; ref?: string; env: Record<string, string | undefined> },
): CacheChoice {
  if (mode === 'none') return { config: { kind: 'none' } };
  if (mode === 'registry') {
    const ref = options.ref ?? `${options.repository}:buildcache-${options.application}`;
    if (/[\s,]/.test(ref)) {
      throw new UserError({
        message: `input 'cache-ref' is '${ref}', which holds a comma or a space.`,
        hint: 'Give an image reference, e.g. ghcr.io/org/app:buildcache.',
      });
    }
    return { config: { kind: 'registry', ref } };
  }
  // Cache service v2 (ACTIONS_RESULTS_URL) or v1 (ACTIONS_CACHE_URL); both need the runtime token.
  const url = options.env.ACTIONS_RESULTS_URL ?? options.env.ACTIONS_CACHE_URL;
  if (!url || !options.env.ACTIONS_RUNTIME_TOKEN) {
    return {
      config: { kind: 'none' },
      warning:
        "cache 'gha' needs ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL (or ACTIONS_RESULTS_URL), which only a GitHub Actions runner provides; building without a cache",
    };
  }
  return { config: { kind: 'gha', scope: options.application } };
}

/** `--cache-from`/`--cache-to`; BuildKit ignores a failed cache export, and the build reports it as a warning. */
export function cacheArguments(cache: CacheConfig): string[] {
  switch (cache.kind) {
    case 'none':
      return [];
    case 'registry':
      return ['--cache-from', `type=registry,ref=${cache.ref}`, '--cache-to', `type=registry,ref=${cache.ref},mode=max,ignore-error=true`];
    case 'gha':
      return ['--cache-from', `type=gha,scope=${cache.scope}`, '--cache-to', `type=gha,scope=${cache.scope},mode=max,ignore-error=true`];
  }
}
