import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorCall } from '../../testkit/fake-bot-connector.js';
import { customer, personalChatId, personalMessage, postActivity, botAccount, teamsIds } from '../../testkit/teams-activities.js';
import { startTeamsHarness, type TeamsHarness } from '../helpers/teams-harness.js';
import { textControlledStages } from '../helpers/text-controlled-stages.js';

const textOf = (call: ConnectorCall) => String(call.activity.text ?? '');
const isMessage = (call: ConnectorCall) => call.activity.type === 'message';

describe('Teams personal chats', () => {
  let h: TeamsHarness;
  const control = textControlledStages();
  beforeAll(async () => {
    h = await startTeamsHarness({ runtime: { customiseStages: control.wrap }, env: { TEAMS_REPLY_BUDGET_MS: '1500' } });
  });
  afterAll(() => h.close());

  const say = (from: ReturnType<typeof customer>, text: string, extra: { id?: string; locale?: string } = {}) =>
    postActivity(h.url, personalMessage({ serviceUrl: h.connector.serviceUrl, from, text, ...extra }));

  it('a message becomes a conversation: "typing…" first, then the answer as a reply to it, with its sources on an Adaptive Card', async () => {
    const ana = customer('Ana Souza');
    const activity = personalMessage({ serviceUrl: h.connector.serviceUrl, from: ana, text: 'How long does a refund take to reach my card?' });
    const response = await postActivity(h.url, activity);
    expect(response.status).toBe(200);

    const chat = personalChatId(ana);
    const sent = h.connector.calls.filter((call) => call.conversationId === chat);
    expect(sent.map((call) => call.activity.type)).toEqual(['typing', 'message']);
    const [typing, answer] = sent as [ConnectorCall, ConnectorCall];
    // Both answer the customer's activity, in their chat, from the bot's account.
    expect(typing.replyToId).toBe(activity.id);
    expect(answer.replyToId).toBe(activity.id);
    expect(answer.activity).toMatchObject({ from: { id: botAccount.id }, recipient: { id: ana.id }, conversation: { id: chat } });
    expect(textOf(answer)).toMatch(/refund/i);

    const card = (answer.activity.attachments as Array<{ contentType: string; content: Record<string, unknown> }>)[0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    const cardText = JSON.stringify(card.content.body);
    expect(cardText).toContain('Sources');
    expect(cardText).toContain('refunds.md');

    // The conversation keeps what a proactive message needs to reach this chat later.
    const conversation = await h.runtime.store.conversations.findByKey('teams', chat);
    expect(conversation).toMatchObject({
      userId: ana.id,
      state: 'bot',
      replyContext: {
        serviceUrl: h.connector.serviceUrl,
        channelId: 'msteams',
        conversationId: chat,
        conversationType: 'personal',
        tenantId: teamsIds.tenantId,
        botId: botAccount.id,
      },
    });
  });

  it('answers in Chinese when the customer writes Chinese, and a greeting carries no source card', async () => {
    const li = customer('李雷');
    await say(li, '退款多久能到账？', { locale: 'zh-CN' });
    const [answer] = h.connector.messagesIn(personalChatId(li));
    expect(textOf(answer!)).toMatch(/退款/);
    expect(JSON.stringify(answer!.activity.attachments)).toContain('参考来源');

    await say(li, '你好');
    const greeting = h.connector.messagesIn(personalChatId(li))[1]!;
    expect(greeting.activity.attachments ?? []).toEqual([]);
  });

  it('a redelivered activity (same id) is answered once', async () => {
    const ben = customer('Ben Ng');
    const activity = personalMessage({ serviceUrl: h.connector.serviceUrl, from: ben, text: 'Where is my order?' });
    expect((await postActivity(h.url, activity)).status).toBe(200);
    expect((await postActivity(h.url, activity)).status).toBe(200);
    await say(ben, 'thanks');
    expect(h.connector.messagesIn(personalChatId(ben))).toHaveLength(2);
    const conversation = await h.runtime.store.conversations.findByKey('teams', personalChatId(ben));
    expect(await h.runtime.store.messages.countInbound(conversation!.id)).toBe(2);
  });

  it('an answer slower than the reply budget: the request is acknowledged at once and the answer follows proactively', async () => {
    const cleo = customer('Cleo Park');
    const response = await say(cleo, 'HOLD: how long does a refund take to reach my card?');
    // The 200 came back while the turn is still held inside the pipeline.
    expect(response.status).toBe(200);
    await control.entered;
    const chat = personalChatId(cleo);
    expect(h.connector.messagesIn(chat)).toEqual([]);
    expect(h.connector.calls.some((call) => call.conversationId === chat && call.activity.type === 'typing')).toBe(true);

    control.release();
    const late = await h.connector.waitFor((call) => call.conversationId === chat && isMessage(call));
    expect(textOf(late)).toMatch(/refund/i);
    // A proactive message is a new message in the chat, not a reply to a request that has ended.
    expect(late.replyToId).toBeUndefined();
    expect(late.activity).toMatchObject({ from: { id: botAccount.id }, conversation: { id: chat } });
    expect(JSON.stringify(late.activity.attachments)).toContain('refunds.md');
  });

  it('when a turn fails the customer is asked to try again, and the message stays retryable', async () => {
    const dan = customer('Dan Brown');
    await say(dan, 'FAIL: where is my order?');
    const [apology] = h.connector.messagesIn(personalChatId(dan));
    expect(textOf(apology!)).toMatch(/try|again/i);
    expect(await h.runtime.store.inbox.listByStatus('failed', 10)).toContainEqual(expect.objectContaining({ channel: 'teams', conversationKey: personalChatId(dan) }));
  });

  it('a picture without text gets a note that the bot reads text, once however often it is delivered; an empty message gets nothing', async () => {
    const eve = customer('Eve Adams');
    await say(eve, '', {});
    const picture = personalMessage({
      serviceUrl: h.connector.serviceUrl,
      from: eve,
      text: '',
      attachments: [{ contentType: 'image/*', contentUrl: 'https://smba.trafficmanager.net/amer/v3/attachments/0-eus-d1/views/original' }],
    });
    await postActivity(h.url, picture);
    await postActivity(h.url, picture);
    const notes = h.connector.messagesIn(personalChatId(eve));
    expect(notes).toHaveLength(1);
    expect(textOf(notes[0]!)).toMatch(/only read text/i);
    // No turn ran: the bot did not start a conversation for a picture.
    expect(await h.runtime.store.conversations.findByKey('teams', personalChatId(eve))).toBeNull();
  });
});

describe('Teams shutdown', () => {
  it('waits for an answer still being worked on after its request was acknowledged, and delivers it', async () => {
    const control = textControlledStages();
    const h = await startTeamsHarness({ runtime: { customiseStages: control.wrap }, env: { TEAMS_REPLY_BUDGET_MS: '0' } });
    const fay = customer('Fay Wong');
    expect((await postActivity(h.url, personalMessage({ serviceUrl: h.connector.serviceUrl, from: fay, text: 'HOLD: where is my order?' }))).status).toBe(200);
    await control.entered;
    const closed = h.close();
    control.release();
    await closed;
    expect(h.connector.messagesIn(personalChatId(fay))).toHaveLength(1);
  });
});
