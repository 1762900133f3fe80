import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stage } from '../../src/core/turn.js';
import { deferred } from '../../testkit/runtime.js';
import { startSlackHarness, type SlackHarness } from '../../testkit/slack-harness.js';
import { botUserId, dmEvent, eventEnvelope, nextTs, postEvent, supportChannel } from '../../testkit/slack-requests.js';

/** Holds the analyse stage of messages whose text contains "HOLD" until the test releases it; "FAIL" makes it throw. */
function controllableStages() {
  const gate = { release: deferred(), entered: deferred() };
  const wrap = (stages: Stage[]) =>
    stages.map((stage) =>
      stage.name !== 'analyse'
        ? stage
        : {
            name: stage.name,
            async run(turn: Parameters<Stage['run']>[0]) {
              if (turn.inbound.text.includes('FAIL')) throw new Error('analyser exploded');
              if (turn.inbound.text.includes('HOLD')) {
                gate.entered.resolve();
                await gate.release.promise;
              }
              await stage.run(turn);
            },
          },
    );
  return { gate, wrap };
}

describe('Slack customers', () => {
  let h: SlackHarness;
  const control = controllableStages();
  beforeAll(async () => {
    h = await startSlackHarness({ runtime: { customiseStages: control.wrap } });
  });
  afterAll(() => h.close());

  const repliesIn = (channel: string) => h.slack.callsTo('chat.postMessage', (call) => call.args.channel === channel);

  it('a DM to the app becomes a conversation, and the answer comes back in the same DM', async () => {
    const response = await postEvent(h.url, eventEnvelope(dmEvent('UCUST1', 'DCUST1', 'How long does a refund take to reach my card?')));
    expect(response.status).toBe(200);
    const reply = await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === 'DCUST1');
    expect(reply.token).toBe('xoxb-test-token');
    expect(reply.args.thread_ts).toBeUndefined();
    expect(String(reply.args.text)).toMatch(/refund/i);
    const conversation = await h.runtime.store.conversations.findByKey('slack', 'DCUST1');
    expect(conversation).toMatchObject({ userId: 'UCUST1', state: 'bot', replyContext: { channel: 'DCUST1' } });
  });

  it('an @mention in the support channel is answered in a thread, and replies in that thread continue it without a mention', async () => {
    const root = nextTs();
    await postEvent(h.url, eventEnvelope({ type: 'app_mention', channel: supportChannel, user: 'UCUST2', text: `<@${botUserId}> 退款多久能到账？`, ts: root, event_ts: root }));
    const first = await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === supportChannel && call.args.thread_ts === root);
    expect(String(first.args.text)).toMatch(/退款/);
    const conversation = await h.runtime.store.conversations.findByKey('slack', `${supportChannel}:${root}`);
    expect(conversation?.language).toBe('zh');

    const followUp = nextTs();
    await postEvent(h.url, eventEnvelope({ type: 'message', channel: supportChannel, channel_type: 'channel', user: 'UCUST2', text: '运费谁出？', ts: followUp, thread_ts: root }));
    await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === supportChannel && call.args.thread_ts === root && call !== first);
    expect(await h.runtime.store.messages.countInbound(conversation!.id)).toBe(2);
  });

  it("someone else's plain reply in a customer's support thread is not taken as the customer's", async () => {
    const root = nextTs();
    await postEvent(h.url, eventEnvelope({ type: 'app_mention', channel: supportChannel, user: 'UCUST8', text: `<@${botUserId}> hello`, ts: root }));
    await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === root);
    await postEvent(
      h.url,
      eventEnvelope({ type: 'message', channel: supportChannel, channel_type: 'channel', user: 'UCOLLEAGUE', text: 'I can help you with that', ts: nextTs(), thread_ts: root }),
    );
    await postEvent(h.url, eventEnvelope({ type: 'message', channel: supportChannel, channel_type: 'channel', user: 'UCUST8', text: 'hi', ts: nextTs(), thread_ts: root }));
    await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === root && h.slack.callsTo('chat.postMessage', (c) => c.args.thread_ts === root).indexOf(call) === 1);
    const conversation = (await h.runtime.store.conversations.findByKey('slack', `${supportChannel}:${root}`))!;
    expect((await h.runtime.store.messages.recent(conversation.id, 10)).filter((m) => m.direction === 'in').map((m) => m.text)).toEqual(['hello', 'hi']);
  });

  it('support-channel chatter that does not mention the app, and mentions in other channels, are left alone', async () => {
    const before = h.slack.calls.length;
    const top = nextTs();
    await postEvent(h.url, eventEnvelope({ type: 'message', channel: supportChannel, channel_type: 'channel', user: 'UCUST3', text: 'anyone around?', ts: top }));
    const elsewhere = nextTs();
    await postEvent(h.url, eventEnvelope({ type: 'app_mention', channel: 'CRANDOM001', user: 'UCUST3', text: `<@${botUserId}> refund?`, ts: elsewhere }));
    const strangerThread = nextTs();
    await postEvent(
      h.url,
      eventEnvelope({ type: 'message', channel: supportChannel, channel_type: 'channel', user: 'UCUST3', text: 'hi', ts: nextTs(), thread_ts: strangerThread }),
    );
    // A marker message in a DM: once it is answered, the events above were long handled.
    await postEvent(h.url, eventEnvelope(dmEvent('UCUST3', 'DMARK3', 'hello')));
    await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === 'DMARK3');
    expect(h.slack.calls.slice(before).filter((c) => c.args.channel !== 'DMARK3')).toEqual([]);
    expect(await h.runtime.store.conversations.findByKey('slack', `${supportChannel}:${top}`)).toBeNull();
  });

  it("the bot's own messages, other bots, edits and deletions are ignored", async () => {
    const channel = 'DBOTS1';
    const events = [
      { type: 'message', channel, channel_type: 'im', user: botUserId, bot_id: 'BBOT', text: 'I am the bot talking', ts: nextTs() },
      { type: 'message', channel, channel_type: 'im', subtype: 'bot_message', bot_id: 'BOTHER', username: 'zapier', text: 'refund?', ts: nextTs() },
      { type: 'message', channel, channel_type: 'im', subtype: 'message_changed', message: { text: 'edited' }, ts: nextTs() },
      { type: 'message', channel, channel_type: 'im', subtype: 'message_deleted', ts: nextTs() },
    ];
    for (const event of events) expect((await postEvent(h.url, eventEnvelope(event))).status).toBe(200);
    await postEvent(h.url, eventEnvelope(dmEvent('UCUST4', channel, 'hello')));
    await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === channel);
    expect(repliesIn(channel)).toHaveLength(1);
    const conversation = await h.runtime.store.conversations.findByKey('slack', channel);
    expect(await h.runtime.store.messages.countInbound(conversation!.id)).toBe(1);
  });

  it('acknowledges at once while the turn is still running, and a retry (X-Slack-Retry-Num) of the same event gets no second reply', async () => {
    const envelope = eventEnvelope(dmEvent('UCUST5', 'DRETRY1', 'HOLD: where is my order?'));
    const first = await postEvent(h.url, envelope);
    // 200 came back while the turn is held inside the pipeline: Slack has its ack.
    expect(first.status).toBe(200);
    await control.gate.entered.promise;
    const retry = await postEvent(h.url, envelope, { retryNum: 1 });
    const retry2 = await postEvent(h.url, envelope, { retryNum: 2 });
    expect([retry.status, retry2.status]).toEqual([200, 200]);
    control.gate.release.resolve();
    await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === 'DRETRY1');
    await postEvent(h.url, eventEnvelope(dmEvent('UCUST5', 'DRETRY1', 'thanks')));
    await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === 'DRETRY1' && repliesIn('DRETRY1').indexOf(call) === 1);
    // One reply to the held message, one to "thanks": the retries were answered by nobody.
    expect(repliesIn('DRETRY1')).toHaveLength(2);
    // ...and a late redelivery after everything was answered changes nothing either.
    await postEvent(h.url, envelope, { retryNum: 3 });
    await postEvent(h.url, eventEnvelope(dmEvent('UCUST5', 'DRETRY1', 'bye')));
    await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === 'DRETRY1' && repliesIn('DRETRY1').indexOf(call) === 2);
    expect(repliesIn('DRETRY1')).toHaveLength(3);
  });

  it('the same message delivered as both app_mention and message (two event ids) is answered once', async () => {
    const root = nextTs();
    await postEvent(h.url, eventEnvelope({ type: 'app_mention', channel: supportChannel, user: 'UCUST6', text: `<@${botUserId}> hello`, ts: root }));
    await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === root);
    const second = nextTs();
    const inThread = { channel: supportChannel, user: 'UCUST6', text: `<@${botUserId}> How long does a refund take?`, ts: second, thread_ts: root };
    await Promise.all([
      postEvent(h.url, eventEnvelope({ type: 'app_mention', ...inThread })),
      postEvent(h.url, eventEnvelope({ type: 'message', channel_type: 'channel', ...inThread })),
    ]);
    const isRefundAnswer = (call: { args: Record<string, unknown> }) => call.args.thread_ts === root && /refunds\.md/.test(String(call.args.text));
    await h.slack.waitFor('chat.postMessage', isRefundAnswer);
    // A greeting afterwards in the same thread: its turn queues behind both copies.
    await postEvent(h.url, eventEnvelope({ type: 'message', channel: supportChannel, channel_type: 'channel', user: 'UCUST6', text: 'hi', ts: nextTs(), thread_ts: root }));
    const greetings = (call: { args: Record<string, unknown> }) => call.args.thread_ts === root && /Hello/.test(String(call.args.text));
    await h.slack.waitFor('chat.postMessage', (call) => greetings(call) && h.slack.callsTo('chat.postMessage', greetings).length === 2);
    expect(h.slack.callsTo('chat.postMessage', isRefundAnswer)).toHaveLength(1);
  });

  it('when a turn fails the customer is asked to try again instead of waiting in silence, and the message stays retryable', async () => {
    await postEvent(h.url, eventEnvelope(dmEvent('UCUST7', 'DFAIL1', 'FAIL: where is my order?')));
    const apology = await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === 'DFAIL1');
    expect(String(apology.args.text)).toMatch(/try|again/i);
    expect(await h.runtime.store.inbox.listByStatus('failed', 10)).toEqual([expect.objectContaining({ channel: 'slack', conversationKey: 'DFAIL1' })]);
  });
});

describe('shutting down', () => {
  it('waits for a Slack turn still running after its ack, so the reply is sent before the store closes', async () => {
    const control = controllableStages();
    const h = await startSlackHarness({ runtime: { customiseStages: control.wrap } });
    await postEvent(h.url, eventEnvelope(dmEvent('UCUST9', 'DSHUT00001', 'HOLD: How long does a refund take to reach my card?')));
    await control.gate.entered.promise;
    const closed = h.close();
    control.gate.release.resolve();
    await closed;
    expect(h.slack.callsTo('chat.postMessage', (call) => call.args.channel === 'DSHUT00001')).toHaveLength(1);
  });
});
