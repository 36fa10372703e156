import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DispatchedRun, dispatchWorkflow, type GitHubApi, type Repository } from '../github/index.js';
import type { Logger } from '../logging/index.js';
import { REBUILD_FILE, type RescanResult } from './model.js';
import { imagesToRebuild } from './summary.js';

/** What the rebuild phase did, for the issues phase: which images, which run. */
export interface RebuildRecord {
  workflow: string;
  ref: string;
  images: string[];
  requestedAt: string;
  run?: DispatchedRun;
}

export interface RebuildSettings {
  repository: Repository;
  /** The workflow that rebuilds (the nightly's file name); it must take an `images` workflow_dispatch input. */
  workflow: string;
  ref: string;
  now: Date;
}

/**
 * A fixable finding at the gate in a published image is fixed by building it
 * again (the base image's packages move on), through every gate: so the
 * rescan starts the nightly for those images at once, with a
 * workflow_dispatch naming them, rather than waiting for the next night.
 * A tampered tag is never rebuilt from here: someone must look first.
 */
export async function requestRebuild(
  api: GitHubApi,
  result: RescanResult,
  settings: RebuildSettings,
  log: Logger,
): Promise<RebuildRecord | undefined> {
  const images = imagesToRebuild(result).map((i) => i.application);
  if (images.length === 0) {
    log.info('No published image has a fixable finding at the gate: nothing to rebuild.');
    return undefined;
  }
  const run = await dispatchWorkflow(api, settings.repository, {
    workflow: settings.workflow,
    ref: settings.ref,
    inputs: { images: images.join(',') },
  });
  log.info(`Rebuild of ${images.join(', ')} requested: ${settings.workflow} on ${settings.ref}${run.htmlUrl ? `, ${run.htmlUrl}` : ''}.`);
  return {
    workflow: settings.workflow,
    ref: settings.ref,
    images,
    requestedAt: settings.now.toISOString(),
    ...(Object.keys(run).length > 0 ? { run } : {}),
  };
}

export async function writeRebuildRecord(dir: string, record: RebuildRecord | undefined): Promise<string> {
  const file = join(dir, REBUILD_FILE);
  await writeFile(file, `${JSON.stringify(record ?? null, null, 2)}\n`);
  return file;
}
