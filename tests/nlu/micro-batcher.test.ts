import { describe, expect, it } from 'vitest';
import { BatchDeadlineError, BatcherClosedError, MicroBatcher } from '../../src/nlu/sentiment/model/micro-batcher.js';

/** A batch function that records its calls and, when asked, holds them until released. */
function recorder(hold = false) {
  const calls: string[][] = [];
  const releases: Array<() => void> = [];
  const run = async (items: string[]) => {
    calls.push(items);
    if (hold) await new Promise<void>((resolve) => releases.push(resolve));
    return items.map((item) => item.toUpperCase());
  };
  return { calls, releases, run };
}

const options = { maxBatch: 4, waitMs: 0, sizeOf: (s: string) => s.length };

describe('micro-batcher', () => {
  it('items submitted in the same tick go in one call, sorted by size, and each gets its own answer', async () => {
    const { calls, run } = recorder();
    const batcher = new MicroBatcher(run, options);
    const answers = await Promise.all(['ccc', 'a', 'bb'].map((item) => batcher.submit(item)));
    expect(answers).toEqual(['CCC', 'A', 'BB']);
    expect(calls).toEqual([['a', 'bb', 'ccc']]);
  });

  it('a lone item is answered without waiting for company', async () => {
    const { calls, run } = recorder();
    const batcher = new MicroBatcher(run, options);
    expect(await batcher.submit('solo')).toBe('SOLO');
    expect(calls).toEqual([['solo']]);
  });

  it('cuts batches at maxBatch', async () => {
    const { calls, run } = recorder();
    const batcher = new MicroBatcher(run, options);
    await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.submit(`item-${String(i).padStart(2, '0')}`)));
    expect(calls.map((c) => c.length)).toEqual([4, 4, 2]);
  });

  it('while one batch runs, new items queue up and go together in the next', async () => {
    const { calls, releases, run } = recorder(true);
    const batcher = new MicroBatcher(run, options);
    const first = batcher.submit('first');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['first']]);
    const later = ['x', 'yy', 'z'].map((item) => batcher.submit(item));
    expect(batcher.queued).toBe(3);
    releases.shift()!();
    expect(await first).toBe('FIRST');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(calls[1]).toEqual(['x', 'z', 'yy']);
    releases.shift()!();
    expect(await Promise.all(later)).toEqual(['X', 'YY', 'Z']);
  });

  it('an item whose deadline passed while queued is rejected instead of run', async () => {
    const { calls, releases, run } = recorder(true);
    const batcher = new MicroBatcher(run, options);
    const first = batcher.submit('first');
    await new Promise<void>((resolve) => setImmediate(resolve));
    const expired = batcher.submit('late', performance.now() - 1);
    releases.shift()!();
    await first;
    await expect(expired).rejects.toBeInstanceOf(BatchDeadlineError);
    expect(calls).toEqual([['first']]);
  });

  it('a failing batch rejects its own items only', async () => {
    const batcher = new MicroBatcher(
      async (items: string[]) => {
        if (items.includes('bad')) throw new Error('model exploded');
        return items;
      },
      { ...options, maxBatch: 1 },
    );
    const [bad, good] = await Promise.allSettled([batcher.submit('bad'), batcher.submit('good')]);
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'model exploded' } });
    expect(good).toMatchObject({ status: 'fulfilled', value: 'good' });
  });

  it('close fails queued items, lets the running batch finish, and refuses new ones', async () => {
    const { releases, run } = recorder(true);
    const batcher = new MicroBatcher(run, options);
    const running = batcher.submit('running');
    await new Promise<void>((resolve) => setImmediate(resolve));
    const queued = batcher.submit('queued');
    const closed = batcher.close();
    await expect(queued).rejects.toBeInstanceOf(BatcherClosedError);
    releases.shift()!();
    await closed;
    expect(await running).toBe('RUNNING');
    await expect(batcher.submit('after')).rejects.toBeInstanceOf(BatcherClosedError);
  });
});
