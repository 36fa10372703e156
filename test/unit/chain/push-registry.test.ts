import { describe, expect, it } from 'vitest';
import { buildContexts, type ImageOutcome, pushedEntry, pushedOutcome, pushRegistryInput } from '../../../packages/chain/index.js';
import { planEntry } from '../../harness/plan-entry.js';
import { userErrorOf } from '../../harness/user-error.js';

const PUBLISHED = 'ghcr.io/example-org/curated-images';
const DIGEST = `sha256:${'a'.repeat(64)}`;
const job = { host: '127.0.0.1:40123' };

const child = planEntry({
  id: 'kerberos-test-1.0.0',
  context: 'examples/images/kerberos-test',
  repository: `${PUBLISHED}/kerberos-test`,
  tags: [`${PUBLISHED}/kerberos-test:1.0.0`],
  parents: [{ reference: `${PUBLISHED}/python-runner:3.11.2`, entry: 'python-runner-3.11.2' }],
  publishedParents: [{ reference: `${PUBLISHED}/base:1.0.0`, image: `${PUBLISHED}/base:1.0.0` }],
  debug: { target: 'debug', repository: `${PUBLISHED}/kerberos-test-debug`, tags: [`${PUBLISHED}/kerberos-test-debug:1.0.0`] },
});

describe('a run that pushes to a registry of its own', () => {
  it('pushes the entry and its twin there; its tags and published parents stay where they are published', () => {
    const moved = pushedEntry(child, job);
    expect(moved.repository).toBe('127.0.0.1:40123/example-org/curated-images/kerberos-test');
    expect(moved.debug?.repository).toBe('127.0.0.1:40123/example-org/curated-images/kerberos-test-debug');
    expect(moved.tags).toEqual(child.tags);
    expect(moved.debug?.tags).toEqual(child.debug?.tags);
    expect(moved.publishedParents).toEqual(child.publishedParents);
  });

  it('reads a parent built by an earlier job from this job’s registry, and a published parent from where it is published', () => {
    const parent: ImageOutcome = {
      id: 'python-runner-3.11.2',
      application: 'python-runner',
      repository: '127.0.0.1:39999/example-org/curated-images/python-runner',
      plannedTags: [],
      status: 'passed',
      phase: 'scan',
      image: `127.0.0.1:39999/example-org/curated-images/python-runner@${DIGEST}`,
      passed: ['build', 'lock-down', 'scan'],
      evidence: {
        built: `127.0.0.1:39999/example-org/curated-images/python-runner@${DIGEST}`,
        scan: { image: `127.0.0.1:39999/example-org/curated-images/python-runner@${DIGEST}`, verdict: 'pass' },
      },
      published: [],
    };
    const here = pushedOutcome(parent, job);
    expect([here.image, here.evidence.built, here.evidence.scan?.image, here.repository]).toEqual([
      `127.0.0.1:40123/example-org/curated-images/python-runner@${DIGEST}`,
      `127.0.0.1:40123/example-org/curated-images/python-runner@${DIGEST}`,
      `127.0.0.1:40123/example-org/curated-images/python-runner@${DIGEST}`,
      '127.0.0.1:40123/example-org/curated-images/python-runner',
    ]);
    expect(buildContexts(pushedEntry(child, job), new Map([[parent.id, here]]))).toEqual({
      [`${PUBLISHED}/python-runner:3.11.2`]: `127.0.0.1:40123/example-org/curated-images/python-runner@${DIGEST}`,
      [`${PUBLISHED}/base:1.0.0`]: `${PUBLISHED}/base:1.0.0`,
    });
  });

  it.each([
    { name: 'a loopback registry', value: '127.0.0.1:40123' },
    { name: 'localhost', value: 'localhost:5000' },
    { name: 'a host name', value: 'registry.internal:5000' },
  ])('takes $name', ({ value }) => expect(pushRegistryInput(value, { sign: false, publish: false })).toEqual({ host: value }));

  it.each([
    {
      name: 'a reference, not a host',
      value: '127.0.0.1:5000/repo',
      options: { sign: false, publish: false },
      message: /input 'push-registry' is '127\.0\.0\.1:5000\/repo', which is not a registry host/,
    },
    {
      name: 'a host with a scheme',
      value: 'http://127.0.0.1:5000',
      options: { sign: false, publish: false },
      message: /not a registry host/,
    },
    { name: 'a run that would publish', value: '127.0.0.1:5000', options: { sign: true, publish: true }, message: /but so is 'publish'/ },
    {
      name: 'a run that would sign',
      value: '127.0.0.1:5000',
      options: { sign: true, publish: false },
      message: /but so is 'sign'.*never signed or published/,
    },
  ])('refuses $name', ({ value, options, message }) => {
    expect(userErrorOf(() => pushRegistryInput(value, options))).toMatch(message);
  });
});
