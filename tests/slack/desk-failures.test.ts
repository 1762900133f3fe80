import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../testkit/fake-slack-server.js';
import { startSlackHarness, staffUsers, type SlackHarness } from '../../testkit/slack-harness.js';
import { dmEvent, eventEnvelope, postButtonClick, postEvent, staffChannel, staffReplyEvent } from '../../testkit/slack-requests.js';

const text = (call: SlackCall) => String(call.args.text ?? '');

describe('when Slack calls fail, staff and customers still know where they stand', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(() => h.close());

  async function escalate(dm: string) {
    await postEvent(h.url, eventEnvelope(dmEvent(`U${dm}`, dm, 'agent please')));
    const card = await h.slack.waitFor(
      'chat.postMessage',
      (call) => call.args.channel === staffChannel && !call.args.thread_ts && JSON.stringify(call.args.blocks).includes(`U${dm}`),
    );
    const conversation = (await h.runtime.store.conversations.findByKey('slack', dm))!;
    return { cardTs: String(card.response.ts), escalation: (await h.runtime.store.escalations.open(conversation.id))! };
  }

  it('a card that can no longer be updated (deleted) does not stop a take over', async () => {
    const { cardTs, escalation } = await escalate('DFAILDESK1');
    h.slack.failNext('chat.update', 'message_not_found');
    await postButtonClick(h.url, { actionId: 'handoff_take_over', value: escalation.id, user: staffUsers.alex.id, messageTs: cardTs });
    await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === cardTs && /took over/.test(text(call)));
    await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === 'DFAILDESK1' && /has joined/.test(text(call)));
    expect((await h.runtime.store.escalations.get(escalation.id))!.status).toBe('taken');
  });

  it('a staff reply Slack refuses to deliver to the customer is flagged ⚠️ with the reason in the thread', async () => {
    const { cardTs, escalation } = await escalate('DFAILDESK2');
    await h.runtime.handoff.act('take_over', escalation.id, { id: staffUsers.alex.id, name: 'Alex' });
    h.slack.failNext('chat.postMessage', 'is_archived');
    const reply = staffReplyEvent(staffUsers.alex.id, cardTs, 'Hello, I am looking into it.');
    await postEvent(h.url, eventEnvelope(reply));
    await h.slack.waitFor('reactions.add', (call) => call.args.timestamp === reply.ts && call.args.name === 'warning');
    const why = await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === cardTs && /not delivered/.test(text(call)));
    expect(text(why)).toContain('is_archived');
  });
});
