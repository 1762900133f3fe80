import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorCall } from '../../testkit/fake-bot-connector.js';
import {
  channelMention,
  customer,
  nextActivityId,
  personalActivity,
  personalChatId,
  personalInstall,
  personalMessage,
  postActivity,
  teamInstall,
  teamsIds,
} from '../../testkit/teams-activities.js';
import { startTeamsHarness, type TeamsHarness } from '../helpers/teams-harness.js';

const textOf = (call: ConnectorCall) => String(call.activity.text ?? '');

describe('Teams channels', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(() => h.close());

  it('an @mention in a channel starts a conversation for its thread: the mention is not part of the question, and the answer lands in the thread', async () => {
    const gus = customer('Gus Ortiz');
    const post = channelMention({ serviceUrl: h.connector.serviceUrl, from: gus, text: 'How long does a refund take to reach my card?' });
    expect((await postActivity(h.url, post)).status).toBe(200);
    const thread = `${teamsIds.supportChannelId};messageid=${post.id}`;
    const [answer] = h.connector.messagesIn(thread);
    expect(answer!.replyToId).toBe(post.id);
    // Channels have no typing indicator: nothing but the answer was posted.
    expect(h.connector.calls.filter((call) => call.conversationId === thread).map((call) => call.activity.type)).toEqual(['message']);
    expect(textOf(answer!)).toMatch(/refund/i);

    const conversation = (await h.runtime.store.conversations.findByKey('teams', thread))!;
    const [question] = (await h.runtime.store.messages.recent(conversation.id, 10)).filter((m) => m.direction === 'in');
    expect(question!.text).toBe('How long does a refund take to reach my card?');
    expect(conversation.replyContext).toMatchObject({ conversationType: 'channel', conversationId: thread });

    // A reply in the same thread that mentions the bot continues the same conversation.
    const followUp = channelMention({ serviceUrl: h.connector.serviceUrl, from: gus, text: 'And who pays for return shipping?', rootId: post.id });
    await postActivity(h.url, followUp);
    expect(h.connector.messagesIn(thread)).toHaveLength(2);
    expect(await h.runtime.store.messages.countInbound(conversation.id)).toBe(2);
  });

  it('a channel message that does not mention the bot is left alone', async () => {
    const before = h.connector.calls.length;
    const post = channelMention({ serviceUrl: h.connector.serviceUrl, from: customer('Hal Lee'), text: 'anyone around?', mention: false });
    expect((await postActivity(h.url, post)).status).toBe(200);
    expect(h.connector.calls.length).toBe(before);
    expect(await h.runtime.store.conversations.findByKey('teams', `${teamsIds.supportChannelId};messageid=${post.id}`)).toBeNull();
  });
});

describe('Teams activities other than messages', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness({ env: { DEFAULT_LANGUAGE: 'en' } });
  });
  afterAll(() => h.close());

  it('installing the bot for a personal chat greets the customer once, in the language of their Teams client', async () => {
    const ivy = customer('Ivy Chen');
    const install = personalInstall({ serviceUrl: h.connector.serviceUrl, from: ivy, locale: 'zh-CN' });
    expect((await postActivity(h.url, install)).status).toBe(200);
    const [greeting] = h.connector.messagesIn(personalChatId(ivy));
    expect(textOf(greeting!)).toMatch(/您好|你好/);
    // Redelivered, or the app reinstalled into the same chat: no second greeting.
    await postActivity(h.url, install);
    await postActivity(h.url, { ...install, id: nextActivityId() });
    expect(h.connector.messagesIn(personalChatId(ivy))).toHaveLength(1);
  });

  it('the bot being added to a team, or other members joining, says nothing', async () => {
    const before = h.connector.calls.length;
    expect((await postActivity(h.url, teamInstall({ serviceUrl: h.connector.serviceUrl, from: customer('Team Owner') }))).status).toBe(200);
    const joined = personalInstall({ serviceUrl: h.connector.serviceUrl, from: customer('Jon Snow') });
    await postActivity(h.url, { ...joined, membersAdded: [{ id: '29:someone-else' }] });
    expect(h.connector.calls.length).toBe(before);
  });

  it('reactions, edits, deletions, installation updates and typing are acknowledged and ignored', async () => {
    const kim = customer('Kim Park');
    const common = { serviceUrl: h.connector.serviceUrl, from: kim };
    const activities = [
      personalActivity('messageReaction', { ...common, fields: { reactionsAdded: [{ type: 'like' }], replyToId: nextActivityId() } }),
      personalActivity('messageUpdate', { ...common, fields: { text: 'edited words', channelData: { eventType: 'editMessage', tenant: { id: teamsIds.tenantId } } } }),
      personalActivity('messageDelete', { ...common, fields: { channelData: { eventType: 'softDeleteMessage', tenant: { id: teamsIds.tenantId } } } }),
      personalActivity('installationUpdate', { ...common, fields: { action: 'add' } }),
      personalActivity('typing', common),
      personalActivity('event', { ...common, fields: { name: 'application/vnd.microsoft.meetingStart' } }),
    ];
    for (const activity of activities) expect((await postActivity(h.url, activity)).status, String(activity.type)).toBe(200);
    expect(h.connector.calls.filter((call) => call.conversationId === personalChatId(kim))).toEqual([]);
    expect(await h.runtime.store.conversations.findByKey('teams', personalChatId(kim))).toBeNull();
  });

  it('an invoke (card action, message extension, sign-in) is answered 501 Not Implemented: the app registers none', async () => {
    const leo = customer('Leo Messi');
    const invoke = personalActivity('invoke', {
      serviceUrl: h.connector.serviceUrl,
      from: leo,
      fields: { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'refund' } } },
    });
    const response = await postActivity(h.url, invoke);
    expect(response.status).toBe(501);
    expect(h.connector.calls.filter((call) => call.conversationId === personalChatId(leo))).toEqual([]);
  });

  it('what is not a Bot Framework activity is refused with 400 and nothing runs', async () => {
    const mia = customer('Mia Hall');
    const valid = personalMessage({ serviceUrl: h.connector.serviceUrl, from: mia, text: 'hello' });
    const { type: _type, ...withoutType } = valid;
    const bad = [withoutType, { ...valid, serviceUrl: 'not a url' }, { ...valid, serviceUrl: 'file:///etc/passwd' }, { ...valid, conversation: {} }, ['not', 'an', 'object']];
    for (const body of bad) expect((await postActivity(h.url, body)).status, JSON.stringify(body).slice(0, 60)).toBe(400);
    const broken = await fetch(`${h.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "message",' });
    expect(broken.status).toBe(400);
    expect(h.connector.calls.filter((call) => call.conversationId === personalChatId(mia))).toEqual([]);
    // The server is still answering.
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });
});
