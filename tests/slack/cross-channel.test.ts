import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeSchema, type Outcome } from '../../src/domain/schemas.js';
import type { SlackCall } from '../../testkit/fake-slack-server.js';
import { message } from '../../testkit/runtime.js';
import { startSlackHarness, staffUsers, type SlackHarness } from '../../testkit/slack-harness.js';
import { eventEnvelope, postButtonClick, postEvent, staffChannel, staffReplyEvent } from '../../testkit/slack-requests.js';

const text = (call: SlackCall) => String(call.args.text ?? '');
const blocksOf = (call: SlackCall) => JSON.stringify(call.args.blocks ?? []);

interface WidgetMessage {
  id: number;
  author: 'bot' | 'staff' | 'system';
  authorName?: string;
  text: string;
}

describe('escalations from other channels reach staff in Slack', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(() => h.close());

  const chat = async (conversation: string, words: string): Promise<Outcome> => {
    const response = await fetch(`${h.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversation, text: words }),
    });
    return outcomeSchema.parse(await response.json());
  };
  const widget = async (conversation: string, after = 0) =>
    (await (await fetch(`${h.url}/api/chat/${conversation}/messages?after=${after}`)).json()) as { messages: WidgetMessage[]; cursor: number };

  it('a web customer (POST /api/chat) is escalated, taken over, answered by staff through the widget, and resolved', async () => {
    const web = 'web-cross-1';
    const first = await chat(web, 'Your courier lost my parcel. I want to speak to a human, this is unacceptable!');
    expect(first).toMatchObject({ escalated: true, replyKind: 'escalation_ack' });
    expect(first.escalationReasons).toContain('human_requested');

    const card = await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === staffChannel && !call.args.thread_ts && blocksOf(call).includes(web));
    const cardTs = String(card.response.ts);
    expect(blocksOf(card)).toContain('*Channel*\\nweb');
    expect(blocksOf(card)).toContain('courier lost my parcel');
    expect(blocksOf(card)).toContain('answer the customer on web');

    const conversation = (await h.runtime.store.conversations.findByKey('web', web))!;
    const escalation = (await h.runtime.store.escalations.open(conversation.id))!;
    await postButtonClick(h.url, { actionId: 'handoff_take_over', value: escalation.id, user: staffUsers.alex.id, messageTs: cardTs });
    await h.slack.waitFor('chat.update', (call) => call.args.ts === cardTs && blocksOf(call).includes('Taken over by'));

    const reply = staffReplyEvent(staffUsers.alex.id, cardTs, 'Hi, Alex here. I have opened a claim with the courier for you.');
    await postEvent(h.url, eventEnvelope(reply));
    await h.slack.waitFor('reactions.add', (call) => call.args.timestamp === reply.ts && call.args.name === 'white_check_mark');

    // The widget fetches what staff said; nothing else is pushed to a web customer.
    const seen = await widget(web);
    expect(seen.messages.map((m) => [m.author, m.text])).toEqual([
      ['bot', first.reply],
      ['system', 'Alex from our support team has joined the conversation and will take it from here.'],
      ['staff', 'Hi, Alex here. I have opened a claim with the courier for you.'],
    ]);
    expect(seen.messages[2]!.authorName).toBe('Alex');

    // The web customer's next message goes to the thread, and the bot says nothing.
    const next = await chat(web, 'Thanks Alex, how long does a claim take?');
    expect(next).toMatchObject({ reply: '', replyKind: 'none', handledBy: 'human', escalated: true });
    await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === cardTs && /how long does a claim take/.test(text(call)));
    expect((await widget(web, seen.cursor)).messages).toEqual([]);

    await postButtonClick(h.url, { actionId: 'handoff_resolve', value: escalation.id, user: staffUsers.alex.id, messageTs: cardTs });
    await h.slack.waitFor('chat.update', (call) => call.args.ts === cardTs && blocksOf(call).includes('Resolved by'));
    const closing = await widget(web, seen.cursor);
    expect(closing.messages.at(-1)).toMatchObject({ author: 'system', text: expect.stringMatching(/resolved[\s\S]*1 \(poor\) to 5/) });

    const rating = await chat(web, '4 stars');
    expect(rating).toMatchObject({ replyKind: 'rating_thanks', reply: 'Thank you for your feedback!', escalated: false });
    expect((await h.runtime.store.escalations.get(escalation.id))!.rating).toBe(4);
    await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === cardTs && /4\/5/.test(text(call)));
  });

  it("staff are told in the thread when the customer's channel cannot be reached from here", async () => {
    // "test" has no adapter in this process (as a channel whose adapter is off would be).
    await h.runtime.engine.handle(message('unreachable-1', 'agent please, I need a human'));
    const card = await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === staffChannel && !call.args.thread_ts && blocksOf(call).includes('unreachable-1'));
    const cardTs = String(card.response.ts);
    const conversation = (await h.runtime.store.conversations.findByKey('test', 'unreachable-1'))!;
    const escalation = (await h.runtime.store.escalations.open(conversation.id))!;
    await postButtonClick(h.url, { actionId: 'handoff_take_over', value: escalation.id, user: staffUsers.alex.id, messageTs: cardTs });
    const warning = await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === cardTs && /could not be reached/.test(text(call)));
    expect(text(warning)).toContain('No adapter can send to channel');

    const reply = staffReplyEvent(staffUsers.alex.id, cardTs, 'Hello?');
    await postEvent(h.url, eventEnvelope(reply));
    await h.slack.waitFor('reactions.add', (call) => call.args.timestamp === reply.ts && call.args.name === 'warning');
    await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === cardTs && /was not delivered to the customer/.test(text(call)));
  });
});
