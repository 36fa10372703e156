import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * What `scripts/lab.sh up` started, as it wrote it to the lab state file. The
 * e2e tests drive these real tools; none of them is faked.
 */
export interface Lab {
  /** Anonymous registry on loopback, `127.0.0.1:PORT`. */
  registry: string;
  /** olareg on loopback: a registry with the OCI referrers and tag-deletion APIs (the other two have neither). */
  referrersRegistry: string;
  /** Registry behind basic auth (htpasswd), for real logins. */
  authRegistry: { host: string; username: string; password: string };
  /** Environment to run the tools with (DOCKER_HOST, PATH with the tool directory, ...). */
  env: Record<string, string>;
  /** The buildx builder that behaves like the one on GitHub's runners. */
  builder: string;
  /** Absolute paths of the pinned tools. */
  bin: {
    docker: string;
    trivy: string;
    cosign: string;
    'cosign-v2': string;
    oras: string;
    regctl: string;
    act: string;
    actionlint: string;
    skopeo: string;
    'trivy-db': string;
  };
  /** Base images made here, by digest in `registry`. */
  baseImages: { debian: string; busybox: string };
  /**
   * The SBOM generator image (trivy-based, BuildKit's generator protocol) served
   * under the name of BuildKit's default one, so a plain `--sbom=true` works.
   */
  sbomGenerator: string;
  /** Debian's docker-credential-pass and -secretservice, in a directory off PATH (add it where a test wants them). */
  credentialHelpers: string;
  /** Whether linux/arm64 builds work here (QEMU user emulation). */
  arm64: boolean;
  /** The GitHub REST API stand-in the lab runs (test/harness/github-api.ts), `http://127.0.0.1:PORT`. */
  githubApi: string;
  /** Access logs of the registries (to count fetches). */
  logs: { registry: string; authRegistry: string; referrersRegistry: string; githubApi: string };
  trivy: {
    /** OCI repository of the test vulnerability DB, for `--db-repository`. */
    dbRepository: string;
    /** Digest of the DB artifact the lab pushed. */
    digest: string;
    /** The test advisory seeded in that DB, against a package a lab image really contains. */
    seeded: { id: string; pkg: string; installedVersion: string; fixedVersion: string; severity: string };
  };
}

export function labStatePath(): string {
  const cache = process.env.IMAGE_ACTIONS_CACHE ?? join(homedir(), '.cache', 'image-actions');
  return join(cache, 'lab', 'state.json');
}

/** The running lab; throws, naming the command to run, when it is not up. */
export function lab(): Lab {
  const path = labStatePath();
  if (!existsSync(path)) throw new Error(`the lab is not up (no ${path}): run 'scripts/lab.sh up'`);
  return JSON.parse(readFileSync(path, 'utf8')) as Lab;
}

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface ToolOptions {
  cwd?: string;
  /** Added to the process's and the lab's environment. */
  env?: Record<string, string>;
  input?: string;
}

/** Runs a tool in the lab's environment and returns how it ended, whatever the exit code. */
export function runTool(l: Lab, file: string, args: string[], options: ToolOptions = {}): ToolResult {
  const result = spawnSync(file, args, {
    env: { ...process.env, ...l.env, ...options.env },
    encoding: 'utf8',
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, for a run that must succeed: a non-zero exit throws with the tool's stderr. */
export function runToolOk(l: Lab, file: string, args: string[], options: ToolOptions = {}): ToolResult {
  const result = runTool(l, file, args, options);
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result;
}

/** Puts the process's environment back as `saved` had it: what a test added for the lab's tools goes. */
export function restoreEnvironment(saved: Readonly<Record<string, string | undefined>>): void {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
}
