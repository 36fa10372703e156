import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { inParallel } from '../../../packages/process/index.js';

describe('inParallel', () => {
  it('runs at most `limit` at a time and gives the results in the items’ order', async () => {
    let running = 0;
    let most = 0;
    const results = await inParallel([30, 10, 20, 5, 15], 2, async (ms) => {
      running += 1;
      most = Math.max(most, running);
      await sleep(ms);
      running -= 1;
      return ms * 2;
    });
    expect(results).toEqual([60, 20, 40, 10, 30]);
    expect(most).toBe(2);
  });

  it('works on every item when one fails, and throws the first failure only after all have ended', async () => {
    const ended: number[] = [];
    const run = inParallel([1, 2, 3, 4], 2, async (n) => {
      await sleep(n * 5);
      if (n === 1) throw new Error('one failed');
      ended.push(n);
      return n;
    });
    await expect(run).rejects.toThrow('one failed');
    // Nothing is still running once the caller hears of the failure.
    expect(ended.sort()).toEqual([2, 3, 4]);
  });
});
