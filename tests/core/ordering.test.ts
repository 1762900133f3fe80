import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stage } from '../../src/core/turn.js';
import type { Runtime } from '../../src/runtime.js';
import { deferred, message, tempDir, testRuntime } from '../../testkit/runtime.js';

/** Lets the event loop run everything that is ready, without waiting for wall-clock time. */
async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Records every stage each message enters and holds the message "first" at analyse until released. */
function instrument(log: string[], gate: Promise<void>, reached: () => void) {
  return (stages: Stage[]): Stage[] =>
    stages.map((stage) => ({
      name: stage.name,
      async run(turn) {
        const label = turn.inbound.text.split(' ')[0];
        log.push(`${label}:${stage.name}`);
        if (label === 'first' && stage.name === 'analyse') {
          reached();
          await gate;
        }
        await stage.run(turn);
      },
    }));
}

describe('one turn at a time per conversation', () => {
  let dir: ReturnType<typeof tempDir>;
  const runtimes: Runtime[] = [];

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    for (const runtime of runtimes.splice(0)) await runtime.close();
    dir.remove();
  });

  it('two messages sent together are processed in the order they arrived', async () => {
    const log: string[] = [];
    const gate = deferred();
    const reached = deferred();
    const runtime = await testRuntime(dir.path, { customiseStages: instrument(log, gate.promise, () => reached.resolve()) });
    runtimes.push(runtime);

    const first = runtime.engine.handle(message('order-1', 'first Where is my order?'));
    const second = runtime.engine.handle(message('order-1', 'second 转人工'));
    await reached.promise;
    await settle();
    expect(log.filter((entry) => entry.startsWith('second'))).toEqual([]);

    gate.resolve();
    const [a, b] = await Promise.all([first, second]);
    const firstDone = log.indexOf('first:persist');
    expect(log.findIndex((entry) => entry.startsWith('second'))).toBeGreaterThan(firstDone);
    expect(a.escalated).toBe(false);
    expect(b.escalated).toBe(true);

    const conversation = await runtime.store.conversations.findByKey('test', 'order-1');
    const stored = await runtime.store.messages.recent(conversation!.id, 10);
    expect(stored.map((m) => `${m.direction}:${m.text.split(' ')[0]}`)).toEqual(['in:first', expect.stringMatching(/^out:/), 'in:second', expect.stringMatching(/^out:/)]);
  });

  it('other conversations are not held up by a slow one', async () => {
    const log: string[] = [];
    const gate = deferred();
    const reached = deferred();
    const runtime = await testRuntime(dir.path, { customiseStages: instrument(log, gate.promise, () => reached.resolve()) });
    runtimes.push(runtime);

    const slow = runtime.engine.handle(message('slow', 'first hello'));
    await reached.promise;
    const other = await runtime.engine.handle(message('fast', 'other Where is my order?'));
    expect(other.replyKind).toBe('answer');
    gate.resolve();
    await slow;
  });

  it('two processes sharing the data directory also take turns', async () => {
    const log: string[] = [];
    const gate = deferred();
    const reached = deferred();
    // Two runtimes are two independent store connections and lock owners, as two processes would be.
    const processA = await testRuntime(dir.path, { customiseStages: instrument(log, gate.promise, () => reached.resolve()) });
    const processB = await testRuntime(dir.path, { customiseStages: instrument(log, Promise.resolve(), () => {}) });
    runtimes.push(processA, processB);

    const first = processA.engine.handle(message('shared', 'first Where is my order?'));
    await reached.promise;
    const second = processB.engine.handle(message('shared', 'second How long does a refund take?'));
    await settle();
    expect(log.filter((entry) => entry.startsWith('second'))).toEqual([]);

    gate.resolve();
    await Promise.all([first, second]);
    expect(log.findIndex((entry) => entry.startsWith('second'))).toBeGreaterThan(log.indexOf('first:persist'));
    const conversation = await processB.store.conversations.findByKey('test', 'shared');
    const stored = await processB.store.messages.recent(conversation!.id, 10);
    expect(stored.filter((m) => m.direction === 'in').map((m) => m.text.split(' ')[0])).toEqual(['first', 'second']);
  });
});
