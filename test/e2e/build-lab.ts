import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildPrebuiltOptions, buildPrebuilt } from '../../packages/buildx/index.js';
import { dockerfileFroms, loadCatalog } from '../../packages/catalog/index.js';
import { MemoryLogger } from '../../packages/logging/index.js';
import { expandPlan, type PlanEntry } from '../../packages/plan/index.js';
import { type Command, type CommandResult, type CommandRunner, ExecRunner } from '../../packages/process/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { repoRoot } from '../harness/run-dist.js';
import type { Lab } from './lab.js';

/** Shared by the build e2e files: the example catalog planned into a fresh lab namespace, and the real build. */

export const CATALOG_BASE = 'ghcr.io/example-org/curated-images';

export function namespace(l: Lab, concern: string): string {
  // The lab registry keeps what earlier runs pushed: a fresh namespace per run keeps tag lists meaningful.
  return `${l.registry}/e2e-build-${concern}-${randomBytes(4).toString('hex')}`;
}

/** The example catalog's entries, as matrix-expand plans them, pushed under `base` instead of ghcr.io. */
export async function examplePlan(base: string, applications: string[]): Promise<PlanEntry[]> {
  const catalog = await loadCatalog(join(repoRoot, 'examples', 'images.yaml'));
  const plan = await expandPlan(catalog, {
    workspace: repoRoot,
    commit: { sha: 'e2e0000000000000000000000000000000000000', time: '2026-01-01T00:00:00Z' },
    today: '2026-01-01',
    applications,
    readFroms: async (dockerfile) => (await dockerfileFroms(dockerfile)).map((f) => ({ reference: f.reference, line: f.line })),
  });
  const move = (repository: string) => repository.replace(CATALOG_BASE, base);
  return plan.entries.map((entry) => ({
    ...entry,
    repository: move(entry.repository),
    ...(entry.debug ? { debug: { ...entry.debug, repository: move(entry.debug.repository) } } : {}),
  }));
}

/** The real runner, keeping every command it ran (to check what reached a command line). */
export class RecordingRunner implements CommandRunner {
  readonly commands: Command[] = [];
  private readonly real = new ExecRunner();
  constructor(private readonly env: Record<string, string> = {}) {}
  async run(command: Command): Promise<CommandResult> {
    this.commands.push(command);
    return this.real.run({ ...command, quiet: true, env: { ...this.env, ...command.env } });
  }
}

export function buildOptions(l: Lab, entry: PlanEntry, extra: Partial<BuildPrebuiltOptions> = {}): BuildPrebuiltOptions {
  return {
    entry,
    parents: {},
    workspace: repoRoot,
    tempDir: mkdtempSync(join(tmpdir(), 'build-e2e-')),
    docker: l.bin.docker,
    logout: true,
    cache: 'none',
    secrets: {},
    secretFiles: {},
    sbom: true,
    provenance: 'max',
    sourceDateEpoch: 1767225600,
    buildDebugTwin: true,
    retry: { attempts: 3, baseDelayMs: 500, maxDelayMs: 2000 },
    env: {},
    ...extra,
  };
}

export async function build(l: Lab, entry: PlanEntry, extra: Partial<BuildPrebuiltOptions> = {}) {
  const runner = new RecordingRunner(l.env);
  const log = new MemoryLogger();
  const result = await buildPrebuilt(runner, log, buildOptions(l, entry, extra));
  return { result, runner, log };
}

export function splitRepository(repository: string): { host: string; path: string } {
  const slash = repository.indexOf('/');
  return { host: repository.slice(0, slash), path: repository.slice(slash + 1) };
}

export async function tagsOf(repository: string): Promise<string[]> {
  const { host, path } = splitRepository(repository);
  return new RegistryClient().tags(host, path);
}

/** `docker buildx imagetools inspect` with a Go template, as a person would read labels and annotations. */
export function imagetools(l: Lab, image: string, format: string): unknown {
  const out = execFileSync(l.bin.docker, ['buildx', 'imagetools', 'inspect', '--format', format, image], {
    env: { ...process.env, ...l.env },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

/** `docker buildx imagetools inspect --raw`: the manifest or index as the registry stores it. */
export function rawManifest(
  l: Lab,
  image: string,
): {
  annotations?: Record<string, string>;
  manifests?: Array<{ digest: string; platform?: { os: string; architecture: string }; annotations?: Record<string, string> }>;
} {
  const out = execFileSync(l.bin.docker, ['buildx', 'imagetools', 'inspect', '--raw', image], {
    env: { ...process.env, ...l.env },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}
