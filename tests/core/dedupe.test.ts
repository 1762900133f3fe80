import { describe, expect, it } from 'vitest';
import { message } from '../../testkit/runtime.js';
import { useTestRuntime } from '../../testkit/use-test-runtime.js';

describe('each inbound message id is handled once', () => {
  const fixture = useTestRuntime();

  it('a redelivered message gets the same reply once and is stored once', async () => {
    const delivery = message('dup-1', 'How long does a refund take to reach my card?', { messageId: 'platform-msg-1' });
    const first = await fixture.runtime.engine.handle(delivery);
    const again = await fixture.runtime.engine.handle({ ...delivery, timestamp: new Date() });

    expect(first.duplicate).toBe(false);
    expect(first.replyKind).toBe('answer');
    expect(again.duplicate).toBe(true);
    expect(again.reply).toBe(first.reply);

    const conversation = await fixture.runtime.store.conversations.findByKey('test', 'dup-1');
    const stored = await fixture.runtime.store.messages.recent(conversation!.id, 10);
    expect(stored.filter((m) => m.direction === 'in')).toHaveLength(1);
    expect(stored.filter((m) => m.direction === 'out')).toHaveLength(1);
    expect((await fixture.runtime.store.events.countByType()).turn).toBe(1);
  });

  it('copies delivered at the same moment produce exactly one reply', async () => {
    const delivery = message('dup-2', '退款多久能到账？', { messageId: 'platform-msg-2' });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => fixture.runtime.engine.handle(delivery)));

    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.reply)).size).toBe(1);
    const conversation = await fixture.runtime.store.conversations.findByKey('test', 'dup-2');
    expect(await fixture.runtime.store.messages.countInbound(conversation!.id)).toBe(1);
  });

  it('the same id on two different channels is two different messages', async () => {
    const a = await fixture.runtime.engine.handle(message('dup-3', 'hello', { messageId: 'shared-id', channel: 'slack' }));
    const b = await fixture.runtime.engine.handle(message('dup-3', 'hello', { messageId: 'shared-id', channel: 'wechat' }));
    expect(a.duplicate).toBe(false);
    expect(b.duplicate).toBe(false);
  });
});
