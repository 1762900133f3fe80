import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommittedTurn } from '../../src/core/engine.js';
import type { Runtime } from '../../src/runtime.js';
import { deferred, message, tempDir, testRuntime } from '../../testkit/runtime.js';

describe('post-commit turn listeners', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  beforeEach(async () => {
    dir = tempDir();
    runtime = await testRuntime(dir.path);
  });
  afterEach(async () => {
    await runtime.close();
    dir.remove();
  });

  it('run after the outcome is returned, see the committed turn, and never for a replayed duplicate', async () => {
    const seen: CommittedTurn[] = [];
    const hold = deferred();
    runtime.engine.onTurnCommitted(async (turn) => {
      seen.push(turn);
      await hold.promise;
    });
    const delivery = message('listen-1', 'agent please');
    const outcome = await runtime.engine.handle(delivery).finally(() => setImmediate(() => hold.resolve()));
    // The outcome came back while the listener had not even started (it runs on a later tick).
    expect(seen).toHaveLength(0);
    expect(outcome.escalated).toBe(true);
    await runtime.engine.settled();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ state: 'escalated', outcome: { messageId: delivery.messageId } });
    const conversation = await runtime.store.conversations.get(seen[0]!.conversationId);
    expect(conversation?.conversationKey).toBe('listen-1');

    await runtime.engine.handle(delivery);
    await runtime.engine.settled();
    expect(seen).toHaveLength(1);
  });

  it('a failing listener is logged, not thrown: the turn and the other listeners are unaffected', async () => {
    const calls: string[] = [];
    runtime.engine.onTurnCommitted(async () => {
      throw new Error('listener broke');
    });
    runtime.engine.onTurnCommitted(async (turn) => {
      calls.push(turn.outcome.messageId);
    });
    const outcome = await runtime.engine.handle(message('listen-2', 'hello'));
    await runtime.engine.settled();
    expect(outcome.replyKind).toBe('greeting');
    expect(calls).toEqual([outcome.messageId]);
  });
});
