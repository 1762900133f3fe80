import { afterEach, describe, expect, it } from 'vitest';
import type { Stage } from '../../src/core/turn.js';
import { nextMsgId, textPush } from '../../testkit/wechat-platform.js';
import { gateBefore, startBot, type Bot } from '../../testkit/wechat-harness.js';

const refundQuestion = 'How long does a refund take to reach my card?';

describe('answering within WeChat’s 5-second limit', () => {
  let bot: Bot;
  afterEach(async () => {
    await bot.close();
  });

  const delivery = (messageId: string) => bot.runtime.store.deliveries.get('wechat', messageId);
  const msgIdOf = (xml: string) => /<MsgId>(\d+)<\/MsgId>/.exec(xml)![1]!;
  const outbound = async (openId: string) => {
    const conversation = await bot.runtime.store.conversations.findByKey('wechat', openId);
    return (await bot.runtime.store.messages.recent(conversation!.id, 20)).filter((m) => m.direction === 'out');
  };

  it('a slow answer is acknowledged with "success" at once and arrives through the customer-service API', async () => {
    const gate = gateBefore('reply');
    bot = await startBot({ env: { WECHAT_REPLY_BUDGET_MS: '200' }, customiseStages: gate.customiseStages });
    const xml = textPush('o-slow', refundQuestion);

    const response = await bot.platform.push(xml, { encrypt: true });
    expect([response.status, response.body]).toEqual([200, 'success']);
    expect(bot.api.sent).toHaveLength(0);

    gate.open();
    const [call] = await bot.api.waitForSends(1);
    expect(call).toMatchObject({ path: '/cgi-bin/message/custom/send', token: 'token-1', body: { touser: 'o-slow', msgtype: 'text' } });
    const text = (call!.body.text as { content: string }).content;
    expect(text).toMatch(/refund/i);
    await bot.runtime.background.drain();
    expect(await delivery(msgIdOf(xml))).toMatchObject({ status: 'sent', requests: 1 });
    expect((await outbound('o-slow')).map((m) => m.text)).toEqual([text]);
  });

  it('three deliveries of one message while its turn is still running produce exactly one reply', async () => {
    const gate = gateBefore('reply');
    bot = await startBot({ env: { WECHAT_REPLY_BUDGET_MS: '200' }, customiseStages: gate.customiseStages });
    const xml = textPush('o-retried', '退款多久能到账？');

    const first = bot.platform.push(xml, { encrypt: true });
    await gate.entered;
    // The platform retries, with fresh signatures, while the first turn is still in progress.
    const second = await bot.platform.push(xml, { encrypt: true });
    const third = await bot.platform.push(xml, { encrypt: true });
    expect((await first).body).toBe('success');
    expect([second.body, third.body]).toEqual(['success', 'success']);

    gate.open();
    await bot.api.waitForSends(1);
    await bot.runtime.background.drain();
    expect(bot.api.sent).toHaveLength(1);
    expect((bot.api.sent[0]!.body.text as { content: string }).content).toMatch(/退款/);
    expect(gate.arrivals).toBe(1);
    expect(await delivery(msgIdOf(xml))).toMatchObject({ status: 'sent', requests: 3 });
    expect(await outbound('o-retried')).toHaveLength(1);
  });

  it('a retry after a passive reply (which the platform evidently did not get) gets the same reply, and nothing goes through the API', async () => {
    bot = await startBot();
    const xml = textPush('o-lost-reply', refundQuestion);

    const first = await bot.platform.push(xml, { encrypt: true });
    const second = await bot.platform.push(xml, { encrypt: true });
    const third = await bot.platform.push(xml, { encrypt: false });
    expect(first.reply!.Content).toMatch(/refund/i);
    expect(second.reply!.Content).toBe(first.reply!.Content);
    expect(third.reply!.Content).toBe(first.reply!.Content);
    expect(bot.api.sent).toHaveLength(0);
    expect(await outbound('o-lost-reply')).toHaveLength(1);
    expect(await delivery(msgIdOf(xml))).toMatchObject({ status: 'passive', requests: 3 });
  });

  it('a retry that arrives while the first request is still inside its budget waits, and both carry the one reply', async () => {
    const gate = gateBefore('reply');
    bot = await startBot({ customiseStages: gate.customiseStages });
    const xml = textPush('o-overlap', refundQuestion);

    const first = bot.platform.push(xml, { encrypt: true });
    await gate.entered;
    const second = bot.platform.push(xml, { encrypt: true });
    gate.open();
    const [a, b] = await Promise.all([first, second]);
    expect(a.reply!.Content).toMatch(/refund/i);
    expect(b.reply!.Content).toBe(a.reply!.Content);
    expect(gate.arrivals).toBe(1);
    expect(bot.api.sent).toHaveLength(0);
  });

  it('an answer too long for one message goes through the API in order, in parts under 2048 bytes', async () => {
    const long = Array.from({ length: 30 }, (_, i) => `第${i + 1}条：商品签收后七天内可申请无理由退货，请保持商品完好、配件齐全并保留原包装，退货运费按页面说明承担。`).join(
      '\n\n',
    );
    const lengthen = (stages: Stage[]) =>
      stages.map((stage) =>
        stage.name !== 'reply'
          ? stage
          : {
              name: stage.name,
              run: async (turn: Parameters<Stage['run']>[0]) => {
                await stage.run(turn);
                turn.reply = { ...turn.reply!, text: long };
              },
            },
      );
    bot = await startBot({ customiseStages: lengthen });
    const response = await bot.platform.push(textPush('o-long', '退货政策是什么？'), { encrypt: true });
    expect(response.body).toBe('success');
    await bot.runtime.background.drain();
    const parts = bot.api.sent.map((call) => (call.body.text as { content: string }).content);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(2047);
    // The whole answer, in order; the numbered follow-up lines of close runners-up may come after it.
    expect(parts.join('\n\n').startsWith(long)).toBe(true);
  });

  it('when the turn fails, the customer is told so within the limit instead of seeing an error', async () => {
    const crash = (stages: Stage[]) =>
      stages.map((stage) =>
        stage.name !== 'retrieve'
          ? stage
          : {
              name: stage.name,
              run: async () => {
                throw new Error('index file is corrupt');
              },
            },
      );
    bot = await startBot({ customiseStages: crash });
    const xml = textPush('o-crash', '退款多久能到账？');
    const response = await bot.platform.push(xml, { encrypt: true });
    expect(response.reply!.Content).toMatch(/出了点问题/);
    expect(await bot.runtime.store.inbox.get('wechat', msgIdOf(xml))).toMatchObject({ status: 'failed' });
  });

  it('without API credentials, a slow answer is given to the platform’s retry instead', async () => {
    const gate = gateBefore('reply');
    bot = await startBot({ env: { WECHAT_APP_SECRET: '', WECHAT_REPLY_BUDGET_MS: '200' }, customiseStages: gate.customiseStages });
    const xml = textPush('o-no-api', refundQuestion);

    const first = bot.platform.push(xml, { encrypt: true });
    await gate.entered;
    const retry = bot.platform.push(xml, { encrypt: true });
    gate.open();
    const [a, b] = await Promise.all([first, retry]);
    expect(b.reply!.Content).toMatch(/refund/i);
    expect(a.reply!.Content).toBe(b.reply!.Content);
    expect(bot.api.tokenRequests).toHaveLength(0);
  });

  it('a late reply left unsent by a worker that stopped is sent when the bot starts again, once', async () => {
    bot = await startBot();
    // What a worker that died leaves behind: the turn committed, the platform told "success", nothing sent.
    const messageId = nextMsgId();
    const outcome = await bot.runtime.engine.handle({
      channel: 'wechat',
      conversationKey: 'o-crashed',
      userId: 'o-crashed',
      messageId,
      text: refundQuestion,
      timestamp: new Date(),
    });
    await bot.runtime.store.deliveries.open('wechat', messageId);
    await bot.runtime.store.deliveries.defer('wechat', messageId);

    for (let restart = 0; restart < 2; restart++) {
      const restarted = await startBot({ sharing: bot });
      await restarted.runtime.background.drain();
      await restarted.close();
    }
    expect(bot.api.sent.map((call) => [call.body.touser, (call.body.text as { content: string }).content])).toEqual([['o-crashed', outcome.reply]]);
    expect(await delivery(messageId)).toMatchObject({ status: 'sent' });
  });
});
