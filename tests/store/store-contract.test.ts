import { expect, it } from 'vitest';
import type { Inbound } from '../../src/domain/types.js';
import type { Store, TurnRecord } from '../../src/store/types.js';
import { message } from '../../testkit/runtime.js';
import { describeStores } from '../helpers/store-backends.js';

function turnOf(inbound: Inbound, conversationId: string, reply: string, miss = false, attempt = 1): TurnRecord {
  return {
    inbound,
    attempt,
    conversationId,
    inboundMessage: { text: inbound.text },
    outboundMessage: { text: reply },
    conversationLanguage: 'en',
    nextState: 'bot',
    escalation: null,
    events: [{ type: 'turn', data: { replyKind: 'answer', latencyMs: 5 } }],
    miss: miss ? { question: inbound.text, language: 'en', kind: 'no_answer', intent: null } : null,
    outcome: {
      conversation: inbound.conversationKey,
      messageId: inbound.messageId,
      reply,
      replyKind: 'answer',
      language: 'en',
      sentiment: { label: 'neutral', score: 1, model: 't' },
      intent: 'other',
      escalated: false,
      escalationReasons: [],
      citations: [],
      handledBy: 'bot',
      duplicate: false,
    },
  };
}

/** Runs one turn the way the engine does: under the conversation's lock, claim, open, then commit (which may release the lock). */
async function answer(store: Store, inbound: Inbound, reply: string): Promise<'answered' | 'done' | 'in_progress'> {
  return store.locks.runExclusive(`${inbound.channel}:${inbound.conversationKey}`, async (lock) => {
    const claim = await store.inbox.claim(inbound, 10_000);
    if (claim.kind !== 'claimed') return claim.kind;
    const { conversation } = await store.conversations.open(
      { channel: inbound.channel, conversationKey: inbound.conversationKey, userId: inbound.userId },
      { historyMessages: 10, orderActions: 10, valuePrefixes: [] },
    );
    await store.commitTurn({ ...turnOf(inbound, conversation.id, reply, false, claim.attempt), lock });
    return 'answered';
  });
}

describeStores('the store contract across processes', (fresh) => {
  it('keeps what it stored when reopened, without migrating twice', async () => {
    const deployment = await fresh();
    const first = await deployment.open();
    const conversation = await first.conversations.getOrCreate({ channel: 'c', conversationKey: 'k', userId: 'u' });
    await first.close();
    const second = await deployment.open();
    expect(await second.conversations.findByKey('c', 'k')).toMatchObject({ id: conversation.id, state: 'bot' });
    await expect(second.checkWritable()).resolves.toBeUndefined();
  });

  it('a lease left by a dead worker expires and the lock can be taken', async () => {
    const deployment = await fresh();
    await deployment.leaveDeadLease('k');
    const store = await deployment.open({ lockLeaseMs: 1000 });
    await expect(store.locks.runExclusive('k', async () => 'ran')).resolves.toBe('ran');
  });

  it('the conversation lock lets one process at a time in, whichever process asks', async () => {
    const deployment = await fresh();
    const stores = [await deployment.open(), await deployment.open()];
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        stores[i % 2]!.locks.runExclusive('conversation-1', async () => {
          most = Math.max(most, ++inside);
          await new Promise((resolve) => setImmediate(resolve));
          order.push(i);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order.sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('a message delivered to two processes at the same moment is answered once; a retry gets the stored outcome', async () => {
    const deployment = await fresh();
    const [a, b] = [await deployment.open(), await deployment.open()];
    const inbound = message('dup-1', 'Where is my parcel?');
    const results = await Promise.all([answer(a, inbound, 'reply-a'), answer(b, inbound, 'reply-b'), answer(a, inbound, 'reply-a2'), answer(b, inbound, 'reply-b2')]);
    expect(results.filter((r) => r === 'answered')).toHaveLength(1);
    const conversation = (await b.conversations.findByKey('test', 'dup-1'))!;
    const stored = await a.messages.recent(conversation.id, 10);
    expect(stored.map((m) => m.direction)).toEqual(['in', 'out']);
    const retry = await b.inbox.claim(inbound, 1000);
    expect(retry).toMatchObject({ kind: 'done', outcome: { reply: stored[1]!.text } });
    expect(await a.inbox.countByStatus()).toMatchObject({ done: 1, processing: 0 });
  });

  it('an acknowledged message waits as received, is claimed once, and a failed one is offered for retry', async () => {
    const deployment = await fresh();
    const [a, b] = [await deployment.open(), await deployment.open()];
    const inbound = message('acc-1', 'hello');
    await a.inbox.accept(inbound, 60_000);
    await b.inbox.accept(inbound, 60_000);
    expect(await b.inbox.get('test', inbound.messageId)).toMatchObject({ status: 'received', attempts: 0 });
    expect((await b.inbox.listStuck(new Date(Date.now() + 120_000), 10)).map((e) => e.messageId)).toEqual([inbound.messageId]);
    const claims = await Promise.all([a.inbox.claim(inbound, 60_000), b.inbox.claim(inbound, 60_000)]);
    expect(claims.map((c) => c.kind).sort()).toEqual(['claimed', 'in_progress']);
    await b.inbox.markFailed('test', inbound.messageId, 'the model timed out', 1);
    expect((await a.inbox.listRetryable(5, 10)).map((e) => [e.messageId, e.attempts, e.lastError])).toEqual([[inbound.messageId, 1, 'the model timed out']]);
    expect(await a.inbox.claim(inbound, 60_000)).toEqual({ kind: 'claimed', attempt: 2 });
  });

  it('a turn whose claim ran out and was taken over by another process writes nothing: the message is answered once', async () => {
    const deployment = await fresh();
    const [a, b] = [await deployment.open(), await deployment.open()];
    const inbound = message('fence-1', 'where is my parcel?');
    const conversation = await a.conversations.getOrCreate({ channel: 'test', conversationKey: 'fence-1', userId: inbound.userId });
    // Process a's turn stalls past its lease; process b takes the message over.
    expect(await a.inbox.claim(inbound, -1_000)).toEqual({ kind: 'claimed', attempt: 1 });
    expect(await b.inbox.claim(inbound, 60_000)).toEqual({ kind: 'claimed', attempt: 2 });
    expect(await a.inbox.renewLease('test', inbound.messageId, 1, 60_000)).toBe(false);
    expect(await b.inbox.renewLease('test', inbound.messageId, 2, 60_000)).toBe(true);
    // The stalled turn's failure must not mark the live attempt failed, nor its commit answer.
    await a.inbox.markFailed('test', inbound.messageId, 'stalled', 1);
    expect(await b.inbox.get('test', inbound.messageId)).toMatchObject({ status: 'processing', attempts: 2 });
    await expect(a.commitTurn(turnOf(inbound, conversation.id, 'first answer', false, 1))).rejects.toMatchObject({ name: 'ClaimLostError' });
    await b.commitTurn(turnOf(inbound, conversation.id, 'second answer', false, 2));
    // Committing the same attempt twice is fenced too.
    await expect(b.commitTurn(turnOf(inbound, conversation.id, 'second answer', false, 2))).rejects.toMatchObject({ name: 'ClaimLostError' });
    const transcript = await a.messages.recent(conversation.id, 10);
    expect(transcript.map((m) => [m.direction, m.text])).toEqual([
      ['in', 'where is my parcel?'],
      ['out', 'second answer'],
    ]);
    expect(await a.inbox.claim(inbound, 60_000)).toMatchObject({ kind: 'done', outcome: { reply: 'second answer' } });
  });

  it('rate-limit hits from two processes at once are each counted once', async () => {
    const deployment = await fresh();
    const [a, b] = [await deployment.open(), await deployment.open()];
    const now = new Date();
    const hits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).rateLimits.hit('visitor-1', 60_000, now)));
    expect(hits.map((h) => h.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('processes racing to set a shared value all end up with the first one', async () => {
    const deployment = await fresh();
    const [a, b] = [await deployment.open(), await deployment.open()];
    const values = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).keyValues.setIfAbsent('widget-secret', `value-${i}`)));
    expect(new Set(values).size).toBe(1);
    expect((await a.keyValues.get('widget-secret'))?.value).toBe(values[0]);
  });

  it('an order action moves once however many processes approve it at the same moment', async () => {
    const deployment = await fresh();
    const [a, b] = [await deployment.open(), await deployment.open()];
    const conversation = await a.conversations.getOrCreate({ channel: 'web', conversationKey: 'o-1', userId: 'o-1' });
    const action = await a.orderActions.create({
      conversationId: conversation.id,
      orderId: '562039',
      kind: 'refund',
      description: 'refund £5',
      params: { amount: 5 },
      status: 'awaiting_staff',
    });
    const moved = await Promise.all([a, b, a, b].map((store) => store.orderActions.transition(action.id, 'awaiting_staff', 'done', { decidedBy: 'U1', result: { ok: true } })));
    expect(moved.filter(Boolean)).toHaveLength(1);
    expect(await b.orderActions.get(action.id)).toMatchObject({ status: 'done', decidedBy: 'U1', result: { ok: true } });
    expect((await b.orderActions.listForConversation(conversation.id, 5)).map((x) => x.id)).toEqual([action.id]);
  });

  it('a turn opens its conversation with its latest messages and what its stages keep, written through another replica', async () => {
    const deployment = await fresh();
    const [a, b] = [await deployment.open(), await deployment.open()];
    const key = { channel: 'test', conversationKey: 'open-1', userId: 'u' };
    const reading = { historyMessages: 3, orderActions: 2, valuePrefixes: ['orders:session:', 'recommend:'] };
    const first = await a.conversations.open(key, reading);
    expect(first.history).toEqual([]);
    expect(first.memory).toEqual({ summary: null, orderActions: [], values: new Map() });
    const id = first.conversation.id;
    for (const [i, text] of ['one', 'two'].entries()) {
      const inbound = message('open-1', text);
      const claim = await a.inbox.claim(inbound, 10_000);
      await a.commitTurn({
        ...turnOf(inbound, id, `re ${text}`, false, claim.kind === 'claimed' ? claim.attempt : 0),
        summary: i === 1 ? { text: 'asked twice', throughMessageId: 1 } : null,
      });
    }
    for (const kind of ['cancel', 'return', 'refund'] as const) {
      await a.orderActions.create({ conversationId: id, orderId: '1001', kind, description: kind, params: {}, status: 'proposed' });
    }
    await a.keyValues.set(`orders:session:${id}`, '{"orderId":"1001"}', new Date(Date.now() + 60_000));
    await a.keyValues.set(`recommend:${id}`, '{"optedOut":true}', new Date(Date.now() - 1));
    await a.keyValues.set(`other:${id}`, 'not asked for');

    const opened = await b.conversations.open(key, reading);
    expect(opened.conversation.id).toBe(id);
    expect(opened.history.map((m) => m.text)).toEqual(['re one', 'two', 're two']);
    expect(opened.memory.summary).toEqual({ text: 'asked twice', throughMessageId: 1 });
    expect(opened.memory.orderActions).toEqual([
      { kind: 'refund', status: 'proposed' },
      { kind: 'return', status: 'proposed' },
    ]);
    expect(opened.memory.values).toEqual(new Map([[`orders:session:${id}`, '{"orderId":"1001"}']]));
  });

  it('staff usernames are unique whatever their case, and accounts are found case-insensitively', async () => {
    const store = await (await fresh()).open();
    const alex = await store.staffAccounts.create({ username: 'Alex', name: 'Alex', role: 'admin', passwordHash: 'h' });
    expect(alex).not.toBeNull();
    expect(await store.staffAccounts.create({ username: 'alex', name: 'Other', role: 'agent', passwordHash: 'h' })).toBeNull();
    expect((await store.staffAccounts.findByUsername('ALEX'))?.id).toBe(alex!.id);
    await store.staffAccounts.update(alex!.id, { disabled: true });
    expect(await store.staffAccounts.countActive()).toBe(0);
    await store.audit.record({ actor: { id: alex!.id, name: 'Alex' }, action: 'took', target: 'e1' });
    expect((await store.audit.list(5, { action: 'took' })).map((e) => e.target)).toEqual(['e1']);
    expect(await store.audit.list(5, { action: 'noted' })).toEqual([]);
  });

  it('a miss is listed until resolved, a note is stored once, and erasing a customer removes their rows everywhere', async () => {
    const deployment = await fresh();
    const [a, b] = [await deployment.open(), await deployment.open()];
    const inbound = message('erase-1', 'Do you sell gift wrapping?');
    const conversation = await a.conversations.getOrCreate({ channel: 'test', conversationKey: 'erase-1', userId: inbound.userId });
    await a.inbox.claim(inbound, 10_000);
    await a.commitTurn(turnOf(inbound, conversation.id, 'I do not know', true));
    const misses = await b.misses.listOpen(10);
    expect(misses.map((m) => m.question)).toEqual(['Do you sell gift wrapping?']);
    expect(await a.misses.findOpenByQuestion('  do you SELL gift wrapping? ')).toHaveLength(1);
    expect(await a.misses.resolve([misses[0]!.id], 'document gift-wrapping.md')).toBe(1);
    expect(await a.misses.listOpen(10)).toEqual([]);
    await b.staffNotes.add({ conversationId: conversation.id, escalationId: null, author: { id: 'U1', name: 'Alex' }, text: 'VIP', sourceId: 'n1' });
    expect(await a.staffNotes.add({ conversationId: conversation.id, escalationId: null, author: { id: 'U1', name: 'Alex' }, text: 'VIP', sourceId: 'n1' })).toBeNull();

    const exported = await b.customerData.export({ channel: 'test', userId: inbound.userId });
    expect(exported.conversations[0]!.messages.map((m) => m.text)).toEqual(['Do you sell gift wrapping?', 'I do not know']);
    expect(exported.conversations[0]!.notes.map((n) => n.text)).toEqual(['VIP']);
    expect(await a.customerData.deleteConversations([conversation.id])).toBeGreaterThan(4);
    expect(await b.conversations.get(conversation.id)).toBeNull();
    expect(await b.inbox.get('test', inbound.messageId)).toBeNull();
    expect(await b.misses.listForConversations([conversation.id])).toEqual([]);
  });
});
