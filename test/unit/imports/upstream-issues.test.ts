import { describe, expect, it } from 'vitest';
import type { ImageOutcome } from '../../../packages/chain/index.js';
import { wantedUpstreamIssue } from '../../../packages/imports/index.js';

const base: ImageOutcome = {
  id: 'redis-7.2.4',
  application: 'redis',
  repository: 'registry.example.com/curated/redis',
  owner: '@example-org/data, data@example.com',
  plannedTags: ['registry.example.com/curated/redis:7.2.4'],
  status: 'stopped',
  phase: 'scan',
  passed: ['build', 'lock-down', 'test'],
  stoppedAt: 'scan',
  reason: 'fail: 1 HIGH',
  evidence: {},
  published: [],
  upstream: { reference: 'docker.io/library/redis:7.2.4', digest: 'sha256:new', previous: 'sha256:old' },
};

describe('wantedUpstreamIssue', () => {
  it('opens while a moved upstream is stopped, mentioning the owners and what stays published', () => {
    const wanted = wantedUpstreamIssue(base, undefined);
    expect(wanted).toMatchObject({ key: 'upstream:redis-7.2.4', open: true, state: { digest: 'sha256:new' } });
    expect(wanted?.body).toContain('upstream moved from sha256:old to sha256:new (docker.io/library/redis:7.2.4)');
    expect(wanted?.body).toContain('stopped at scan: fail: 1 HIGH');
    expect(wanted?.body).toContain('sha256:old stays published under registry.example.com/curated/redis:7.2.4');
    expect(wanted?.body).toContain('Owners: @example-org/data, data@example.com (e-mail).');
    expect(wanted?.comment).toBeUndefined();
  });

  it('says so when upstream moved again to another digest that did not pass', () => {
    expect(wantedUpstreamIssue(base, { digest: 'sha256:older' })?.comment).toBe(
      'Upstream moved again, to sha256:new, which did not pass either.',
    );
    expect(wantedUpstreamIssue(base, { digest: 'sha256:new' })?.comment).toBeUndefined();
  });

  it('closes once an upstream digest is published, and says nothing of images that are not imports or did not move', () => {
    expect(wantedUpstreamIssue({ ...base, status: 'published', published: base.plannedTags }, undefined)).toMatchObject({ open: false });
    const { upstream: _upstream, ...built } = base;
    expect(wantedUpstreamIssue(built, undefined)).toBeUndefined();
    expect(
      wantedUpstreamIssue({ ...base, upstream: { reference: 'docker.io/library/redis:7.2.4', digest: 'sha256:new' } }, undefined),
    ).toBeUndefined();
  });
});
