import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBotConnector, type FakeBotConnector } from '../../testkit/fake-bot-connector.js';
import type { SlackCall } from '../../testkit/fake-slack-server.js';
import { startSlackHarness, staffUsers, type SlackHarness } from '../../testkit/slack-harness.js';
import { eventEnvelope, postButtonClick, postEvent, staffChannel, staffReplyEvent } from '../../testkit/slack-requests.js';
import { customer, personalChatId, personalMessage, postActivity } from '../../testkit/teams-activities.js';

const blocksOf = (call: SlackCall) => JSON.stringify(call.args.blocks ?? []);

describe('a Teams customer handed to staff in Slack', () => {
  let connector: FakeBotConnector;
  let h: SlackHarness;
  beforeAll(async () => {
    connector = await startFakeBotConnector();
    h = await startSlackHarness({ env: { TEAMS_ALLOW_UNAUTHENTICATED: 'true' } });
  });
  afterAll(async () => {
    await h.close();
    await connector.close();
  });

  it('escalates, hears from staff in Teams as proactive messages, and their next messages reach the staff thread', async () => {
    const quinn = customer('Quinn Fox');
    const chat = personalChatId(quinn);
    const say = (text: string) => postActivity(h.url, personalMessage({ serviceUrl: connector.serviceUrl, from: quinn, text }));

    await say('My parcel is lost and nobody answers. I want to talk to a human agent now!');
    const [ack] = connector.messagesIn(chat);
    expect(String(ack!.activity.text)).toMatch(/passed your conversation to a colleague/);

    const card = await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === staffChannel && !call.args.thread_ts && blocksOf(call).includes('teams'));
    const cardTs = String(card.response.ts);
    expect(blocksOf(card)).toContain('parcel is lost');

    const conversation = (await h.runtime.store.conversations.findByKey('teams', chat))!;
    const escalation = (await h.runtime.store.escalations.open(conversation.id))!;
    await postButtonClick(h.url, { actionId: 'handoff_take_over', value: escalation.id, user: staffUsers.alex.id, messageTs: cardTs });
    const joined = await connector.waitFor((call) => call.conversationId === chat && /joined the conversation/.test(String(call.activity.text)));
    expect(joined.replyToId).toBeUndefined();

    const reply = staffReplyEvent(staffUsers.alex.id, cardTs, 'Hi Quinn, Alex here. I have opened a claim with the courier.');
    await postEvent(h.url, eventEnvelope(reply));
    const relayed = await connector.waitFor((call) => call.conversationId === chat && /opened a claim/.test(String(call.activity.text)));
    expect(relayed.activity.text).toBe('**Alex** · support team\n\nHi Quinn, Alex here. I have opened a claim with the courier.');
    await h.slack.waitFor('reactions.add', (call) => call.args.timestamp === reply.ts && call.args.name === 'white_check_mark');

    // While staff have the conversation the bot stays quiet; the customer's words go to the thread.
    const before = connector.messagesIn(chat).length;
    await say('Thanks Alex, how long will the claim take?');
    await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === cardTs && /how long will the claim take/.test(String(call.args.text)));
    expect(connector.messagesIn(chat)).toHaveLength(before);
  });

  it('a staff reply Teams refuses is reported back to staff, not lost silently', async () => {
    const rita = customer('Rita Ora');
    const chat = personalChatId(rita);
    await postActivity(h.url, personalMessage({ serviceUrl: connector.serviceUrl, from: rita, text: 'Agent please, my blender arrived broken' }));
    const card = await h.slack.waitFor(
      'chat.postMessage',
      (call) => call.args.channel === staffChannel && !call.args.thread_ts && blocksOf(call).includes('blender arrived broken'),
    );
    const cardTs = String(card.response.ts);
    await postButtonClick(h.url, {
      actionId: 'handoff_take_over',
      value: (await h.runtime.store.escalations.open((await h.runtime.store.conversations.findByKey('teams', chat))!.id))!.id,
      user: staffUsers.alex.id,
      messageTs: cardTs,
    });
    await connector.waitFor((call) => call.conversationId === chat && /joined the conversation/.test(String(call.activity.text)));

    // The customer removed the app meanwhile: Teams answers 403 (BotNotInConversationRoster).
    connector.failNext(403);
    const reply = staffReplyEvent(staffUsers.alex.id, cardTs, 'Are you still there?');
    await postEvent(h.url, eventEnvelope(reply));
    await h.slack.waitFor('reactions.add', (call) => call.args.timestamp === reply.ts && call.args.name === 'warning');
    expect(connector.messagesIn(chat).some((call) => /still there/.test(String(call.activity.text)))).toBe(false);
  });
});
