import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../testkit/fake-slack-server.js';
import { startSlackHarness, staffUsers, type SlackHarness } from '../../testkit/slack-harness.js';
import { dmEvent, eventEnvelope, nextTs, postButtonClick, postEvent, staffChannel, staffReplyEvent } from '../../testkit/slack-requests.js';

const text = (call: SlackCall) => String(call.args.text ?? '');
const blocksOf = (call: SlackCall) => JSON.stringify(call.args.blocks ?? []);
const actionIdsOf = (call: SlackCall) =>
  ((call.args.blocks as Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>) ?? [])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? [])
    .map((element) => element.action_id);

describe('the staff loop in Slack: escalate → take over → relay → customer into the thread → resolve → rating → hand back', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(() => h.close());

  const dm = 'DLOOP00001';
  const customer = 'UCUSTLOOP1';
  const say = async (words: string) => {
    const ts = nextTs();
    expect((await postEvent(h.url, eventEnvelope(dmEvent(customer, dm, words, ts)))).status).toBe(200);
    return ts;
  };
  const toCustomer = () => h.slack.callsTo('chat.postMessage', (call) => call.args.channel === dm);
  const nthToCustomer = (n: number) => h.slack.waitFor('chat.postMessage', (call) => call.args.channel === dm && toCustomer().indexOf(call) === n - 1);
  const click = (actionId: string, user: string, escalationId: string, cardTs: string) => postButtonClick(h.url, { actionId, value: escalationId, user, messageTs: cardTs });

  it('runs the whole loop with one card, kept up to date', async () => {
    // The bot answers a policy question, then the customer asks for a person.
    await say('How long does a refund take to reach my card?');
    await nthToCustomer(1);
    await say('This is ridiculous, I want to talk to a human agent now!');
    const ack = await nthToCustomer(2);
    expect(text(ack)).toMatch(/colleague/);

    // One card in the staff channel, with everything staff need to pick it up.
    const card = await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === staffChannel && !call.args.thread_ts);
    const cardTs = String(card.response.ts);
    const blocks = blocksOf(card);
    expect(blocks).toContain(`<@${customer}>`);
    expect(blocks).toContain('*Channel*\\nslack');
    expect(blocks).toContain('English');
    expect(blocks).toMatch(/\*Sentiment\*\\n.*→/);
    expect(blocks).toContain('Asked for a person');
    expect(blocks).toContain('human agent');
    expect(blocks).toContain('How long does a refund take to reach my card?');
    // The card carries the bot's answer as the customer saw it: the sentences that answer how long a card refund takes.
    expect(blocks).toContain('card refunds (Visa, Mastercard, American Express) usually appear on your statement');
    expect(blocks).toContain('refunds.md');
    expect(actionIdsOf(card)).toEqual(['handoff_take_over', 'handoff_resolve', 'handoff_hand_back']);
    expect(text(card)).toContain('needs a person');

    const conversation = (await h.runtime.store.conversations.findByKey('slack', dm))!;
    const escalation = (await h.runtime.store.escalations.open(conversation.id))!;
    expect(JSON.stringify(card.args.blocks)).toContain(escalation.id);
    expect(conversation.state).toBe('escalated');

    // While waiting, the customer's next message is confirmed once and appears in the thread.
    await say('hello?? anyone there?');
    expect(text(await nthToCustomer(3))).toMatch(/added that to your conversation/);
    const inThread = (pattern: RegExp) => h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === cardTs && pattern.test(text(call)));
    await inThread(/Customer:.*hello\?\? anyone there\?/);
    await inThread(/Bot:.*added that to your conversation/);

    // Alex takes over: the card says so (and loses its Take over button), the customer is told.
    expect((await click('handoff_take_over', staffUsers.alex.id, escalation.id, cardTs)).status).toBe(200);
    const taken = await h.slack.waitFor('chat.update', (call) => call.args.ts === cardTs && blocksOf(call).includes('Taken over by'));
    expect(taken.args.channel).toBe(staffChannel);
    expect(blocksOf(taken)).toContain(`Taken over by <@${staffUsers.alex.id}>`);
    expect(actionIdsOf(taken)).toEqual(['handoff_resolve', 'handoff_hand_back']);
    expect(text(await nthToCustomer(4))).toBe('Alex from our support team has joined the conversation and will take it from here.');
    await inThread(/took over/);
    const takenRow = (await h.runtime.store.escalations.get(escalation.id))!;
    expect(takenRow).toMatchObject({ status: 'taken', assignee: staffUsers.alex.id, assigneeName: 'Alex' });
    expect(takenRow.takenAt).toBeInstanceOf(Date);
    expect((await h.runtime.store.conversations.get(conversation.id))!.state).toBe('human');

    // Bea clicks Take over too late: only she is told, nothing changes.
    await click('handoff_take_over', staffUsers.bea.id, escalation.id, cardTs);
    const told = await h.slack.waitFor('chat.postEphemeral', (call) => call.args.user === staffUsers.bea.id);
    expect(text(told)).toContain(`<@${staffUsers.alex.id}> took this over`);
    expect((await h.runtime.store.escalations.get(escalation.id))!.assignee).toBe(staffUsers.alex.id);

    // Alex replies in the thread: it reaches the customer's DM, as plain text with Alex's name, and is ticked.
    const reply = staffReplyEvent(staffUsers.alex.id, cardTs, "So sorry about this. I've re-issued the refund, details: <https://shop.example/refunds|refund page> &amp; 3 days");
    await postEvent(h.url, eventEnvelope(reply));
    const relayed = await nthToCustomer(5);
    expect(text(relayed)).toBe("*Alex* · support team\nSo sorry about this. I've re-issued the refund, details: refund page (https://shop.example/refunds) &amp; 3 days");
    await h.slack.waitFor('reactions.add', (call) => call.args.timestamp === reply.ts && call.args.name === 'white_check_mark');

    // A redelivery of Alex's message is not sent twice; an internal note is not sent at all.
    await postEvent(h.url, eventEnvelope(reply), { retryNum: 1 });
    const note = staffReplyEvent(staffUsers.bea.id, cardTs, '// I checked the courier, parcel is lost');
    await postEvent(h.url, eventEnvelope(note));
    await h.slack.waitFor('reactions.add', (call) => call.args.timestamp === note.ts && call.args.name === 'lock');

    // The customer answers: it appears in the thread, and the bot stays silent.
    const customerTs = await say('Thank you. When exactly will I see it?');
    await inThread(/Customer:.*When exactly will I see it\?/);
    const silent = await h.runtime.store.inbox.get('slack', `${dm}:${customerTs}`);
    expect(silent?.outcome).toMatchObject({ reply: '', replyKind: 'none', handledBy: 'human' });
    expect(toCustomer()).toHaveLength(5);

    // Alex resolves: the card shows who and when, the customer is asked for a rating.
    await click('handoff_resolve', staffUsers.alex.id, escalation.id, cardTs);
    const resolvedCard = await h.slack.waitFor('chat.update', (call) => call.args.ts === cardTs && blocksOf(call).includes('Resolved by'));
    expect(blocksOf(resolvedCard)).toContain(`Resolved by <@${staffUsers.alex.id}>`);
    expect(actionIdsOf(resolvedCard)).toEqual([]);
    const closing = await nthToCustomer(6);
    expect(text(closing)).toMatch(/marked your request as resolved[\s\S]*1 \(poor\) to 5 \(excellent\)/);
    const resolved = (await h.runtime.store.escalations.get(escalation.id))!;
    expect(resolved).toMatchObject({ status: 'resolved', closedBy: staffUsers.alex.id });
    expect(resolved.ratingRequestedAt).toBeInstanceOf(Date);
    expect(toCustomer().filter((call) => call.args.channel === dm)).toHaveLength(6);

    // A late thread reply is not relayed: the customer is back with the bot.
    await postEvent(h.url, eventEnvelope(staffReplyEvent(staffUsers.bea.id, cardTs, 'one more thing')));
    const notSent = await h.slack.waitFor('chat.postEphemeral', (call) => call.args.user === staffUsers.bea.id && /Not sent/.test(text(call)));
    expect(text(notSent)).toContain('resolved');

    // The customer rates: thanked, recorded, shown on the card and in the thread.
    await say('5');
    expect(text(await nthToCustomer(7))).toBe('Thank you for your feedback!');
    await inThread(/rated this conversation \*5\/5\*/);
    expect((await h.runtime.store.escalations.get(escalation.id))!.rating).toBe(5);
    await h.slack.waitFor('chat.update', (call) => call.args.ts === cardTs && blocksOf(call).includes('(5/5)'));

    // And the next question is the bot's again.
    await say('How long does a refund take to reach my card?');
    expect(text(await nthToCustomer(8))).toContain('refunds.md');
    expect((await h.runtime.store.conversations.get(conversation.id))!.state).toBe('bot');
    // Only ever one card for this escalation.
    expect(h.slack.callsTo('chat.postMessage', (call) => call.args.channel === staffChannel && !call.args.thread_ts)).toHaveLength(1);
  });

  it('hand back returns the customer to the bot, which answers again', async () => {
    const other = 'DLOOP00002';
    const sayOther = (words: string) => postEvent(h.url, eventEnvelope(dmEvent('UCUSTLOOP2', other, words)));
    const replies = () => h.slack.callsTo('chat.postMessage', (call) => call.args.channel === other);
    const nth = (n: number) => h.slack.waitFor('chat.postMessage', (call) => call.args.channel === other && replies().indexOf(call) === n - 1);

    await sayOther('转人工');
    expect(text(await nth(1))).toMatch(/同事|colleague/);
    const card = await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === staffChannel && !call.args.thread_ts && blocksOf(call).includes('UCUSTLOOP2'));
    const cardTs = String(card.response.ts);
    expect(blocksOf(card)).toContain('Chinese');
    const conversation = (await h.runtime.store.conversations.findByKey('slack', other))!;
    const escalation = (await h.runtime.store.escalations.open(conversation.id))!;

    await click('handoff_take_over', staffUsers.bea.id, escalation.id, cardTs);
    expect(text(await nth(2))).toBe('客服同事 Bea Lin 已加入对话，接下来由 TA 为您处理。');
    await click('handoff_hand_back', staffUsers.bea.id, escalation.id, cardTs);
    expect(text(await nth(3))).toMatch(/售后助手继续为您服务/);
    const back = await h.slack.waitFor('chat.update', (call) => call.args.ts === cardTs && blocksOf(call).includes('Handed back to the bot by'));
    expect(blocksOf(back)).toContain(`<@${staffUsers.bea.id}>`);
    expect((await h.runtime.store.escalations.get(escalation.id))!.status).toBe('handed_back');
    expect((await h.runtime.store.conversations.get(conversation.id))!.state).toBe('bot');

    await sayOther('退款多久能到账？');
    expect(text(await nth(4))).toContain('refunds.md');

    // Clicking an old button after the fact changes nothing and says why.
    await click('handoff_resolve', staffUsers.alex.id, escalation.id, cardTs);
    const told = await h.slack.waitFor('chat.postEphemeral', (call) => call.args.user === staffUsers.alex.id && /already/.test(text(call)));
    expect(text(told)).toContain('handed back to the bot');
  });
});
