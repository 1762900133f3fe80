import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/domain/types.js';
import type { Runtime } from '../../src/runtime.js';
import { message, testRuntime } from '../../testkit/runtime.js';
import { describeStores } from '../helpers/store-backends.js';

const today = () => new Date().toISOString().slice(0, 10);
const range = () => ({ since: new Date(Date.now() - 86_400_000), until: new Date(Date.now() + 60_000) });

describeStores('store queries behind the admin console', (fresh) => {
  let runtime: Runtime;

  beforeAll(async () => {
    const deployment = await fresh('suite');
    runtime = await testRuntime(deployment.dataDir, { env: deployment.env });
    const { engine } = runtime;
    await engine.handle(message('calm-1', 'How long does a refund take to reach my card?'));
    await engine.handle(message('calm-1', 'Thanks, that is great!'));
    await engine.handle(message('calm-2', 'Do you ship to Canada?'));
    await engine.handle(message('angry-1', 'This is the worst service ever, I want to talk to a human now!'));
    await engine.handle(message('lawyer-1', 'I will call my lawyer and do a chargeback, 100%_off was a lie'));
  });
  afterAll(async () => {
    await runtime.close();
  });

  it('searches conversations by key or by words in any message, with filters and literal wildcards', async () => {
    const { conversations } = runtime.store;
    const all = await conversations.search({ limit: 10 });
    expect(all.map((c) => c.conversation.conversationKey).sort()).toEqual(['angry-1', 'calm-1', 'calm-2', 'lawyer-1']);
    const calm = all.find((c) => c.conversation.conversationKey === 'calm-1')!;
    expect(calm.messages).toBe(4);
    expect(calm.lastMessage?.author).toBe('bot');

    expect((await conversations.search({ text: 'canada', limit: 10 })).map((c) => c.conversation.conversationKey)).toEqual(['calm-2']);
    expect((await conversations.search({ text: 'angry', limit: 10 })).map((c) => c.conversation.conversationKey)).toEqual(['angry-1']);
    // `%` and `_` are text, not wildcards.
    expect((await conversations.search({ text: '100%_off', limit: 10 })).map((c) => c.conversation.conversationKey)).toEqual(['lawyer-1']);
    expect(await conversations.search({ text: '1%0', limit: 10 })).toEqual([]);

    const escalated = await conversations.search({ state: 'escalated', limit: 10 });
    expect(escalated.map((c) => c.conversation.conversationKey).sort()).toEqual(['angry-1', 'lawyer-1']);
    expect(escalated.every((c) => c.escalations === 1)).toBe(true);
    expect(await conversations.search({ channel: 'slack', limit: 10 })).toEqual([]);
    expect(await conversations.search({ limit: 2, offset: 2 })).toHaveLength(2);
  });

  it('lists escalations by status and per conversation', async () => {
    const { escalations, conversations } = runtime.store;
    const open = await escalations.listRecent(['open', 'taken'], 10);
    expect(open).toHaveLength(2);
    expect(open[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(open[1]!.createdAt.getTime());
    expect(await escalations.listRecent(['resolved'], 10)).toEqual([]);
    const lawyer = (await conversations.findByKey('test', 'lawyer-1'))!;
    const [only] = await escalations.listForConversation(lawyer.id);
    expect(only!.reasons).toContain('threat');
  });

  it('counts conversations, escalations by reason and sentiment per day', async () => {
    const { reports } = runtime.store;
    const overview = await reports.overview(range());
    expect(overview).toMatchObject({ conversations: 4, escalatedConversations: 2, customerMessages: 5, escalations: 2 });
    expect(overview.botReplies).toBeGreaterThanOrEqual(5);

    const reasons = await reports.escalationReasons(range());
    expect(reasons).toEqual(
      expect.arrayContaining([
        { reason: 'threat', escalations: 1 },
        { reason: 'human_requested', escalations: 1 },
      ]),
    );

    const [day, ...rest] = await reports.daily(range());
    expect(rest).toEqual([]);
    expect(day).toMatchObject({ day: today(), conversations: 4, escalations: 2 });
    expect(day!.sentiment.messages).toBe(5);
    // The same figures as the stored customer messages give.
    const stored: StoredMessage[] = [];
    for (const item of await runtime.store.conversations.search({ limit: 10 })) {
      stored.push(...(await runtime.store.messages.recent(item.conversation.id, 50)).filter((m) => m.direction === 'in'));
    }
    const count = (label: string) => stored.filter((m) => m.sentiment?.label === label).length;
    expect(day!.sentiment).toMatchObject({ negative: count('negative'), neutral: count('neutral'), positive: count('positive') });
    expect(count('negative')).toBeGreaterThanOrEqual(1);
    expect(day!.sentiment.averagePolarity).toBeCloseTo(stored.reduce((sum, m) => sum + m.sentiment!.polarity, 0) / stored.length, 6);
    expect(day!.latencyMs.count).toBe(5);

    const nothing = await reports.overview({ since: new Date(0), until: new Date(1000) });
    expect(nothing).toMatchObject({ conversations: 0, escalations: 0, ratings: { count: 0, average: null } });
  });

  it('reply latency percentiles count only turns the bot answered', async () => {
    const other = await (await fresh()).open();
    for (let ms = 1; ms <= 100; ms++) await other.events.record({ type: 'turn', data: { replyKind: 'answer', latencyMs: ms } });
    await other.events.record({ type: 'turn', data: { replyKind: 'none', latencyMs: 99_999 } });
    expect(await other.reports.replyLatency(range())).toEqual({ count: 100, p50: 50, p95: 95 });
    expect((await other.reports.daily(range()))[0]!.latencyMs).toEqual({ count: 100, p50: 50, p95: 95 });
    await other.events.record({ type: 'turn', data: { replyKind: 'answer', latencyMs: 7 } });
    expect((await other.reports.replyLatency(range())).p50).toBe(50);
  });

  it('rate-limit windows are shared, start over when they end, and can be undone', async () => {
    const { rateLimits } = runtime.store;
    const t0 = new Date('2030-01-01T00:00:00Z');
    expect((await rateLimits.hit('v1', 60_000, t0)).hits).toBe(1);
    expect(await rateLimits.hit('v1', 60_000, new Date(t0.getTime() + 1000))).toEqual({ hits: 2, resetAt: new Date(t0.getTime() + 60_000) });
    await rateLimits.undo('v1');
    expect((await rateLimits.hit('v1', 60_000, new Date(t0.getTime() + 2000))).hits).toBe(2);
    expect((await rateLimits.hit('v1', 60_000, new Date(t0.getTime() + 60_000))).hits).toBe(1);
    await rateLimits.reset('v1');
    expect((await rateLimits.hit('v1', 60_000, new Date(t0.getTime() + 60_001))).hits).toBe(1);
  });

  it('setIfAbsent keeps the first live value and replaces an expired one', async () => {
    const { keyValues } = runtime.store;
    expect(await keyValues.setIfAbsent('secret', 'first')).toBe('first');
    expect(await keyValues.setIfAbsent('secret', 'second')).toBe('first');
    await keyValues.set('old', 'stale', new Date(Date.now() - 1000));
    expect(await keyValues.setIfAbsent('old', 'fresh')).toBe('fresh');
  });
});
