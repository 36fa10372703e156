import type { ImageTest } from '../catalog/model.js';

/** How long `docker stop` waits after SIGTERM before it kills a server under test. */
export const STOP_SECONDS = 10;
/** Processes a container may start: a fork bomb stops there, not at the runner. */
export const PIDS_LIMIT = 256;
/** Each tmpfs is this large at most. */
export const TMPFS_SIZE = '64m';
/** Marks the containers image tests start, so a person can find any a killed runner left. */
export const TEST_LABEL = 'org.image-actions.test';

export interface RunTarget {
  /** The container's name, unique per run, so it can be killed and removed by name. */
  name: string;
  /** The platform image by digest, `registry/repository@sha256:...`. */
  image: string;
  /** `linux/arm64` */
  platform: string;
  /** Start it in the background (a port test) instead of attached. */
  detached: boolean;
}

/**
 * The `docker run` argument array of one test: the image exactly as it
 * ships (its own user, no `--user`), locked in: read-only root filesystem, no
 * capabilities, no privilege gain, a memory limit with no swap on top, a
 * process limit, and no network unless the test declares a port, which is
 * then published on loopback only. `args` follow the image reference as
 * separate arguments: they replace CMD and are never given to a shell.
 */
export function runArguments(test: ImageTest, target: RunTarget): string[] {
  const args = ['run', '--name', target.name, '--label', `${TEST_LABEL}=${test.name}`];
  // Attached runs are removed by the daemon when they exit; a detached server is stopped, read, then removed.
  if (!target.detached) args.push('--rm');
  else args.push('--detach');
  args.push(
    '--platform',
    target.platform,
    '--pull',
    'never',
    '--read-only',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--memory',
    test.memory,
    '--memory-swap',
    test.memory,
    '--pids-limit',
    String(PIDS_LIMIT),
  );
  if (test.port === undefined) args.push('--network', 'none');
  else args.push('--publish', `127.0.0.1::${test.port}`);
  for (const path of test.tmpfs) args.push('--tmpfs', `${path}:rw,nosuid,nodev,size=${TMPFS_SIZE}`);
  for (const [name, value] of Object.entries(test.env)) args.push('--env', `${name}=${value}`);
  const [executable, ...rest] = test.entrypoint ?? [];
  if (executable !== undefined) args.push('--entrypoint', executable);
  args.push(target.image, ...rest, ...(test.args ?? []));
  return args;
}

/**
 * What the container runs, as docker decides it: the test's entrypoint or the
 * image's ENTRYPOINT, then the test's args, or the image's CMD when the test
 * gives neither (a new entrypoint drops the image's CMD, as in docker).
 */
export function effectiveCommand(test: ImageTest, config: { entrypoint: string[]; cmd: string[] }): string[] {
  if (test.entrypoint !== undefined) return [...test.entrypoint, ...(test.args ?? [])];
  return [...config.entrypoint, ...(test.args ?? config.cmd)];
}
