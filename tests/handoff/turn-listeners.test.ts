import { describe, expect, it } from 'vitest';
import type { CommittedTurn } from '../../src/core/engine.js';
import { deferred, message } from '../../testkit/runtime.js';
import { useTestRuntime } from '../../testkit/use-test-runtime.js';

describe('post-commit turn listeners', () => {
  const fixture = useTestRuntime();

  it('run after the outcome is returned, see the committed turn, and never for a replayed duplicate', async () => {
    const seen: CommittedTurn[] = [];
    const hold = deferred();
    fixture.runtime.engine.onTurnCommitted(async (turn) => {
      seen.push(turn);
      await hold.promise;
    });
    const delivery = message('listen-1', 'agent please');
    const outcome = await fixture.runtime.engine.handle(delivery).finally(() => setImmediate(() => hold.resolve()));
    // The outcome came back while the listener had not even started (it runs on a later tick).
    expect(seen).toHaveLength(0);
    expect(outcome.escalated).toBe(true);
    await fixture.runtime.engine.settled();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ state: 'escalated', outcome: { messageId: delivery.messageId } });
    const conversation = await fixture.runtime.store.conversations.get(seen[0]!.conversationId);
    expect(conversation?.conversationKey).toBe('listen-1');

    await fixture.runtime.engine.handle(delivery);
    await fixture.runtime.engine.settled();
    expect(seen).toHaveLength(1);
  });

  it('a failing listener is logged, not thrown: the turn and the other listeners are unaffected', async () => {
    const calls: string[] = [];
    fixture.runtime.engine.onTurnCommitted(async () => {
      throw new Error('listener broke');
    });
    fixture.runtime.engine.onTurnCommitted(async (turn) => {
      calls.push(turn.outcome.messageId);
    });
    const outcome = await fixture.runtime.engine.handle(message('listen-2', 'hello'));
    await fixture.runtime.engine.settled();
    expect(outcome.replyKind).toBe('greeting');
    expect(calls).toEqual([outcome.messageId]);
  });
});
