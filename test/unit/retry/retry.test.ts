import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffDelay, type RetryPolicy, retry, transientRegistryFailure } from '../../../packages/retry/index.js';

const policy: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 5000 };
const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'buildx');

describe('backoffDelay', () => {
  it.each([
    { name: 'first retry, top of the jitter', retry: 1, random: 0.999, expected: 999 },
    { name: 'second retry doubles the ceiling', retry: 2, random: 0.5, expected: 1000 },
    { name: 'third retry doubles again', retry: 3, random: 0.5, expected: 2000 },
    { name: 'capped at maxDelayMs', retry: 10, random: 0.5, expected: 2500 },
    { name: 'bottom of the jitter is no wait', retry: 3, random: 0, expected: 0 },
  ])('$name', ({ retry: n, random, expected }) => {
    expect(backoffDelay(n, policy, () => random)).toBe(expected);
  });
});

describe('retry', () => {
  const transient = (failure: unknown) =>
    failure instanceof Error && failure.message.includes('503') ? 'registry error (5xx)' : undefined;

  it('retries a transient failure and logs each retry with its reason', async () => {
    const retries: string[] = [];
    const waits: number[] = [];
    let calls = 0;
    const value = await retry(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw new Error('503 Service Unavailable');
        return 'pushed';
      },
      {
        policy,
        transient,
        onRetry: (r) => retries.push(`${r.attempt}/${r.of} ${r.reason} ${r.delayMs}`),
        sleep: async (ms) => {
          waits.push(ms);
        },
        random: () => 0.5,
      },
    );
    expect(value).toBe('pushed');
    expect(calls).toBe(3);
    expect(retries).toEqual(['1/4 registry error (5xx) 500', '2/4 registry error (5xx) 1000']);
    expect(waits).toEqual([500, 1000]);
  });

  it('gives up after the last attempt with the last failure', async () => {
    let calls = 0;
    const run = retry(
      async () => {
        calls++;
        throw new Error(`503 Service Unavailable (call ${calls})`);
      },
      { policy, transient, onRetry: () => {}, sleep: async () => {} },
    );
    await expect(run).rejects.toThrow('503 Service Unavailable (call 4)');
    expect(calls).toBe(4);
  });

  it('does not retry a failure that is not transient', async () => {
    let calls = 0;
    const run = retry(
      async () => {
        calls++;
        throw new Error('401 Unauthorized');
      },
      { policy, transient, onRetry: () => {}, sleep: async () => {} },
    );
    await expect(run).rejects.toThrow('401 Unauthorized');
    expect(calls).toBe(1);
  });

  it('refuses a policy without attempts', async () => {
    await expect(retry(async () => 1, { policy: { ...policy, attempts: 0 }, transient, onRetry: () => {} })).rejects.toThrow(
      /at least one attempt/,
    );
  });
});

describe('transientRegistryFailure', () => {
  it.each([
    {
      name: 'buildx push answered 503 (real output)',
      text: readFileSync(join(fixtures, 'push-503.stderr'), 'utf8'),
      reason: 'registry error (5xx)',
    },
    {
      name: '429 from a rate limit',
      text: 'failed to copy: httpReadSeeker: failed open: unexpected status code 429 Too Many Requests',
      reason: 'rate limited (429)',
    },
    { name: 'toomanyrequests code', text: 'toomanyrequests: You have reached your pull rate limit', reason: 'rate limited (429)' },
    {
      name: '502 Bad Gateway',
      text: 'unexpected status from PUT request to https://ghcr.io/v2/x/manifests/sha256:ab: 502 Bad Gateway',
      reason: 'registry error (5xx)',
    },
    { name: 'status code 500', text: 'unexpected status code 500', reason: 'registry error (5xx)' },
    {
      name: 'connection reset',
      text: 'read tcp 10.1.0.4:5123->140.82.1.1:443: read: connection reset by peer',
      reason: 'connection reset',
    },
    { name: 'connection refused', text: 'dial tcp 127.0.0.1:5019: connect: connection refused', reason: 'connection refused' },
    { name: 'i/o timeout', text: 'dial tcp: lookup ghcr.io: i/o timeout', reason: 'timeout' },
    { name: 'the UNAVAILABLE error code', text: 'GET http://127.0.0.1:5912/v2/: UNAVAILABLE: test', reason: 'registry unavailable (503)' },
    { name: 'a host DNS does not know', text: 'dial tcp: lookup mirror.example: no such host', reason: 'host not found' },
    { name: 'the word unavailable in prose is not the code', text: 'the feature is unavailable: upgrade', reason: undefined },
    { name: 'unauthorized is not transient', text: 'failed to authorize: 401 Unauthorized', reason: undefined },
    {
      name: 'a failing RUN is not transient',
      text: 'ERROR: process "/bin/sh -c make" did not complete successfully: exit code: 2',
      reason: undefined,
    },
    { name: 'a size of 500 bytes is not a 5xx', text: 'layer of 500 bytes', reason: undefined },
  ])('$name', ({ text, reason }) => {
    expect(transientRegistryFailure(text)).toBe(reason);
  });
});
