import { join } from 'node:path';
import type { PlanEntry } from '../../packages/plan/entry.js';

/**
 * A plan entry for a test: the fields a test cares about, the rest the
 * plainest values a plan could hold (version 1.0.0, layered, one amd64
 * platform, no tags, no parents, stage 0). `application` defaults to the id,
 * the Dockerfile to the context's.
 */
export function planEntry(fields: Pick<PlanEntry, 'id' | 'context' | 'repository'> & Partial<PlanEntry>): PlanEntry {
  return {
    application: fields.id,
    version: '1.0.0',
    mode: 'layered',
    owner: 'platform-team@example.com',
    dockerfile: join(fields.context, 'Dockerfile'),
    buildArgs: {},
    platforms: ['linux/amd64'],
    tags: [],
    labels: {},
    requires: [],
    buildId: `sha256:${'0'.repeat(64)}`,
    sourceId: `sha256:${'1'.repeat(64)}`,
    bases: [],
    maxAge: 7,
    stage: 0,
    parents: [],
    publishedParents: [],
    ...fields,
  };
}
