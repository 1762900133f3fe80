import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeChatApiError } from '../../adapters/wechat/errors.js';
import { addressOf } from '../../src/core/channels.js';
import { textPush } from '../../testkit/wechat-platform.js';
import { startBot, type Bot } from '../../testkit/wechat-harness.js';

describe('the customer-service message API (staff replies, late answers)', () => {
  let bot: Bot;
  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => {
    await bot.close();
  });

  /** A customer who asked for a human: the conversation waits for staff. */
  async function escalatedConversation(openId: string) {
    const ack = await bot.platform.push(textPush(openId, '我要投诉，转人工！'), { encrypt: true });
    expect(ack.reply!.Content).toMatch(/人工/);
    const conversation = await bot.runtime.store.conversations.findByKey('wechat', openId);
    expect(conversation!.state).toBe('escalated');
    return conversation!;
  }

  const contents = () => bot.api.sent.map((call) => (call.body.text as { content: string }).content);

  it('relays a staff reply to the WeChat customer of an escalated conversation', async () => {
    const conversation = await escalatedConversation('o-staff-1');
    await bot.runtime.channels.send(addressOf(conversation), { author: 'staff', authorName: 'Li', text: '您好，我是客服小李，已为您登记退款，3 个工作日内到账。' });
    await bot.runtime.channels.send(addressOf(conversation), { author: 'staff', text: '还有其他问题吗？' });

    expect(bot.api.sent.map((call) => [call.path, call.body.touser, call.body.msgtype])).toEqual([
      ['/cgi-bin/message/custom/send', 'o-staff-1', 'text'],
      ['/cgi-bin/message/custom/send', 'o-staff-1', 'text'],
    ]);
    expect(contents()).toEqual(['您好，我是客服小李，已为您登记退款，3 个工作日内到账。', '还有其他问题吗？']);
    // One token, fetched once with the app's credentials, used for both.
    expect(bot.api.tokenRequests).toHaveLength(1);
    expect(bot.api.tokenRequests[0]!.query).toMatchObject({ grant_type: 'client_credential', appid: 'wx0123456789abcdef' });
  });

  it('replaces an expired token and sends again, once', async () => {
    const conversation = await escalatedConversation('o-staff-2');
    await bot.runtime.channels.send(addressOf(conversation), { author: 'staff', text: 'first' });
    bot.api.expireTokens();
    await bot.runtime.channels.send(addressOf(conversation), { author: 'staff', text: 'second' });

    expect(bot.api.refused.map((call) => call.errcode)).toEqual([42001]);
    expect(bot.api.tokenRequests).toHaveLength(2);
    expect(bot.api.sent.map((call) => call.token)).toEqual(['token-1', 'token-2']);
    expect(contents()).toEqual(['first', 'second']);
  });

  it('treats "invalid credential" (another system took the token) the same way', async () => {
    const conversation = await escalatedConversation('o-staff-3');
    bot.api.failNextSend(40001, 'invalid credential, access_token is invalid or not latest');
    await bot.runtime.channels.send(addressOf(conversation), { author: 'staff', text: 'hello' });
    expect(bot.api.tokenRequests).toHaveLength(2);
    expect(contents()).toEqual(['hello']);
  });

  it('retries when the platform is busy', async () => {
    const conversation = await escalatedConversation('o-staff-4');
    bot.api.failNextSend(-1, 'system error');
    await bot.runtime.channels.send(addressOf(conversation), { author: 'staff', text: 'hello' });
    expect(bot.api.refused.map((call) => call.errcode)).toEqual([-1]);
    expect(contents()).toEqual(['hello']);
  });

  it('says why a message cannot be delivered when the 48-hour window has closed, without retrying', async () => {
    const conversation = await escalatedConversation('o-staff-5');
    bot.api.failNextSend(45015, 'response out of time limit or subscription is canceled');
    const error = await bot.runtime.channels.send(addressOf(conversation), { author: 'staff', text: 'late' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect((error as WeChatApiError).errcode).toBe(45015);
    expect((error as Error).message).toMatch(/48 hours/);
    expect(bot.api.refused).toHaveLength(1);
    expect(bot.api.sent).toHaveLength(0);
  });

  it('splits a long staff message into parts the platform accepts', async () => {
    const conversation = await escalatedConversation('o-staff-6');
    const long = '您好，关于您的退货申请，我们已经收到退回的商品并完成了质检。'.repeat(40);
    await bot.runtime.channels.send(addressOf(conversation), { author: 'staff', text: long });
    expect(bot.api.refused).toHaveLength(0);
    expect(contents().length).toBeGreaterThan(1);
    expect(contents().join('')).toBe(long);
  });

  it('shares one token between processes through the store', async () => {
    const conversation = await escalatedConversation('o-staff-7');
    await bot.runtime.channels.send(addressOf(conversation), { author: 'staff', text: 'from process one' });
    const second = await startBot({ sharing: bot });
    try {
      await second.runtime.channels.send(addressOf(conversation), { author: 'staff', text: 'from process two' });
    } finally {
      await second.close();
    }
    expect(bot.api.tokenRequests).toHaveLength(1);
    expect(bot.api.sent.map((call) => call.token)).toEqual(['token-1', 'token-1']);
  });
});
