import { beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { message } from '../../testkit/runtime.js';
import { describeStores } from '../helpers/store-backends.js';

const alex = { id: 'U1', name: 'Alex' };
const bea = { id: 'U2', name: 'Bea' };

describeStores('escalations in the store', (fresh) => {
  let store: Store;
  let other: Store;

  beforeEach(async () => {
    const deployment = await fresh();
    store = await deployment.open({ lockLeaseMs: 1000 });
    // A second connection to the same database: another process.
    other = await deployment.open({ lockLeaseMs: 1000 });
  });

  async function escalated(key: string) {
    const conversation = await store.conversations.getOrCreate({ channel: 'web', conversationKey: key, userId: key });
    const inbound = message(key, 'agent please', { channel: 'web' });
    const claim = await store.inbox.claim(inbound, 1000);
    await store.commitTurn({
      inbound,
      attempt: claim.kind === 'claimed' ? claim.attempt : 0,
      conversationId: conversation.id,
      inboundMessage: { text: inbound.text },
      outboundMessage: null,
      conversationLanguage: 'en',
      nextState: 'escalated',
      escalation: { reasons: ['human_requested'], evidence: ['human_requested: "agent"'] },
      events: [],
      outcome: {
        conversation: key,
        messageId: inbound.messageId,
        reply: '',
        replyKind: 'escalation_ack',
        language: 'en',
        sentiment: { label: 'neutral', score: 1, model: 't' },
        intent: 'human_request',
        escalated: true,
        escalationReasons: ['human_requested'],
        citations: [],
        handledBy: 'bot',
        duplicate: false,
      },
    });
    return { conversation, escalation: (await store.escalations.open(conversation.id))! };
  }

  it('take over moves the escalation and the conversation together, and only the first taker wins', async () => {
    const { conversation, escalation } = await escalated('s-1');
    const now = new Date();
    // Two processes race; either may reach the database first, but exactly one wins and the other learns it lost.
    const [byAlex, byBea] = await Promise.all([store.escalations.take(escalation.id, alex, now), other.escalations.take(escalation.id, bea, now)]);
    expect([byAlex, byBea].filter((taken) => taken !== null)).toHaveLength(1);
    const winner = byAlex ? alex : bea;
    const taken = { status: 'taken', assignee: winner.id, assigneeName: winner.name, takenAt: now };
    expect(byAlex ?? byBea).toMatchObject(taken);
    expect(await other.escalations.open(conversation.id)).toMatchObject(taken);
    expect((await other.conversations.get(conversation.id))!.state).toBe('human');
    expect(await store.escalations.take(escalation.id, winner === alex ? bea : alex, now)).toBeNull();
  });

  it('resolve puts the conversation in "resolved", hand back in "bot", and a closed escalation stays closed', async () => {
    const a = await escalated('s-2');
    const b = await escalated('s-3');
    const now = new Date();
    expect(await store.escalations.close(a.escalation.id, 'resolved', alex, now)).toMatchObject({ status: 'resolved', closedBy: 'U1', closedAt: now });
    expect((await store.conversations.get(a.conversation.id))!.state).toBe('resolved');
    expect(await store.escalations.close(b.escalation.id, 'handed_back', bea, now)).toMatchObject({ status: 'handed_back', closedByName: 'Bea' });
    expect((await store.conversations.get(b.conversation.id))!.state).toBe('bot');
    expect(await store.escalations.close(a.escalation.id, 'handed_back', bea, now)).toBeNull();
    expect(await store.escalations.take(a.escalation.id, bea, now)).toBeNull();
  });

  it('one claimant posts to the staff desk; a claim left by a dead process can be taken over once it is stale', async () => {
    const { escalation } = await escalated('s-4');
    const now = new Date();
    expect(await store.escalations.claimStaffThread(escalation.id, 'p1', now, 60_000)).toBe(true);
    expect(await other.escalations.claimStaffThread(escalation.id, 'p2', now, 60_000)).toBe(false);
    expect(await other.escalations.listUnpublished(new Date(0), now, 60_000, 10)).toEqual([]);
    const later = new Date(now.getTime() + 61_000);
    expect((await other.escalations.listUnpublished(new Date(0), later, 60_000, 10)).map((e) => e.id)).toEqual([escalation.id]);
    expect(await other.escalations.claimStaffThread(escalation.id, 'p2', later, 60_000)).toBe(true);
    await other.escalations.setStaffThread(escalation.id, 'desk:thread-1', 7);
    expect(await store.escalations.findByStaffThread('desk:thread-1')).toMatchObject({ id: escalation.id, staffCursor: 7 });
    expect(await store.escalations.claimStaffThread(escalation.id, 'p1', new Date(later.getTime() + 600_000), 60_000)).toBe(false);
  });

  it('each reminder is claimed once', async () => {
    const { escalation } = await escalated('s-5');
    await store.escalations.setStaffThread(escalation.id, 'desk:thread-5', 0);
    const due = new Date(escalation.createdAt.getTime() + 10 * 60_000);
    expect((await store.escalations.listDueReminders(due, 10 * 60_000, 3, 10)).map((e) => e.id)).toEqual([escalation.id]);
    const claims = await Promise.all([store.escalations.claimReminder(escalation.id, 0, due), other.escalations.claimReminder(escalation.id, 0, due)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.escalations.listDueReminders(due, 10 * 60_000, 3, 10)).toEqual([]);
  });

  it('a rating is recorded only when one was asked for, and only once', async () => {
    const { escalation } = await escalated('s-6');
    expect(await store.escalations.recordRating(escalation.id, 5)).toBe(false);
    await store.escalations.requestRating(escalation.id, new Date());
    expect(await store.escalations.recordRating(escalation.id, 4)).toBe(true);
    expect(await store.escalations.recordRating(escalation.id, 1)).toBe(false);
    expect((await store.escalations.get(escalation.id))!.rating).toBe(4);
  });

  it('a staff message from the staff surface is stored once however often it is delivered', async () => {
    const { conversation } = await escalated('s-7');
    const staffMessage = { conversationId: conversation.id, direction: 'out' as const, author: 'staff' as const, text: 'hi', channelMessageId: 'C1:1.1' };
    expect(await store.messages.appendOnce(staffMessage)).toMatchObject({ text: 'hi', author: 'staff' });
    expect(await other.messages.appendOnce(staffMessage)).toBeNull();
  });
});
