import { readFile } from 'node:fs/promises';
import type { Logger } from '../logging/index.js';
import type { Command, CommandResult, CommandRunner } from '../process/index.js';
import { type RetryPolicy, retry, transientRegistryFailure } from '../retry/index.js';
import { buildArguments, buildEnvironment } from './arguments.js';
import { type BuildMetadata, parseMetadata } from './metadata.js';
import type { BuildRequest } from './request.js';
import type { BuildxFeatures } from './version.js';

export interface BuildRun {
  runner: CommandRunner;
  log: Logger;
  docker: string;
  features: BuildxFeatures;
  request: BuildRequest;
  /** Values of the secrets passed by environment, by variable name; never on the command line. */
  secretValues: Record<string, string>;
  retry: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}

export interface BuildOutput {
  metadata: BuildMetadata;
  /** `repository@sha256:...` */
  image: string;
  attempts: number;
  /** Problems that did not fail the build (a cache that could not be written). */
  warnings: string[];
}

/** A push that failed for a reason worth retrying, with the line that said so. */
export class BuildFailedError extends Error {
  constructor(
    message: string,
    readonly result: CommandResult,
  ) {
    super(message);
    this.name = 'BuildFailedError';
  }
}

/**
 * Runs one `docker buildx build`, retrying the whole build (its finished
 * steps come from BuildKit's cache) when the registry or the network to it
 * failed transiently. A cache export that failed is a warning, never a failed
 * build, as long as the image itself was pushed.
 */
export async function runBuild(run: BuildRun): Promise<BuildOutput> {
  const command: Command = {
    file: run.docker,
    args: buildArguments(run.request, run.features),
    env: buildEnvironment(run.request, run.secretValues),
  };
  let attempts = 0;
  const result = await retry(
    async (attempt) => {
      attempts = attempt;
      const outcome = await run.runner.run(command);
      if (outcome.exitCode === 0 || (await pushedDespiteCacheError(run.request.metadataFile, outcome))) return outcome;
      throw new BuildFailedError(`docker buildx build failed (exit code ${outcome.exitCode}): ${failureSummary(outcome.stderr)}`, outcome);
    },
    {
      policy: run.retry,
      transient: (failure) =>
        failure instanceof BuildFailedError ? transientRegistryFailure(failureLines(failure.result.stderr).join('\n')) : undefined,
      onRetry: ({ attempt, of, delayMs, reason }) =>
        run.log.warning(`build attempt ${attempt} of ${of} failed: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)}s`),
      ...(run.sleep ? { sleep: run.sleep } : {}),
    },
  ).catch((failure: unknown) => {
    if (failure instanceof BuildFailedError && attempts > 1) {
      throw new BuildFailedError(`${failure.message} (gave up after ${attempts} attempts)`, failure.result);
    }
    throw failure;
  });
  const metadata = parseMetadata(await readFile(run.request.metadataFile, 'utf8'));
  const warnings = cacheExportErrors(result.stderr).map((line) => `the build cache was not exported (the image was pushed): ${line}`);
  for (const warning of warnings) run.log.warning(warning);
  return { metadata, image: `${run.request.repository}@${metadata.digest}`, attempts, warnings };
}

/** buildx exited non-zero, but only because of the cache export, and the metadata shows a pushed image. */
async function pushedDespiteCacheError(metadataFile: string, outcome: CommandResult): Promise<boolean> {
  const errors = errorLines(outcome.stderr);
  const cacheErrors = cacheExportErrors(outcome.stderr);
  if (cacheErrors.length === 0 || errors.some((line) => !/cache/i.test(line))) return false;
  try {
    parseMetadata(await readFile(metadataFile, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

/** The `ERROR` lines of plain progress output and buildx's final `ERROR: ...`. */
export function errorLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(?:#\d+ )?ERROR\b|^error:/i.test(line));
}

/**
 * The error lines that can explain a failed build. A cache that could not be
 * imported (missing on a first build, or its registry down) never fails the
 * build, so it never makes a failure look transient either.
 */
export function failureLines(stderr: string): string[] {
  return errorLines(stderr).filter((line) => !/cache importer|importing cache/i.test(line));
}

/**
 * Errors of the steps that export the build cache, from plain progress
 * output: `#12 exporting cache to registry` ... `#12 ERROR: ...`, or the
 * warning BuildKit prints when `ignore-error=true` swallowed the failure.
 */
export function cacheExportErrors(stderr: string): string[] {
  const lines = stderr.split('\n').map((line) => line.trim());
  const cacheSteps = new Set<string>();
  for (const line of lines) {
    const match = /^#(\d+) exporting cache\b/.exec(line);
    if (match?.[1] !== undefined) cacheSteps.add(match[1]);
  }
  const found: string[] = [];
  for (const line of lines) {
    const step = /^#(\d+) (?:ERROR|error|WARN(?:ING)?)\b:?\s*(.*)$/.exec(line);
    if (step?.[1] !== undefined && cacheSteps.has(step[1])) found.push(step[2] ?? line);
    else if (/^(?:ERROR|WARN(?:ING)?):.*(?:export(?:ing)? cache|cache export)/i.test(line)) found.push(line);
  }
  return found;
}

function failureSummary(stderr: string): string {
  const errors = errorLines(stderr);
  const last = errors.at(-1) ?? stderr.trim().split('\n').at(-1) ?? '';
  return last.replace(/^(?:#\d+ )?ERROR:?\s*/, '');
}
