import { afterEach, describe, expect, it } from 'vitest';
import { backlogOf } from '../fault/harness.js';
import { nextMsgId } from '../../testkit/wechat-platform.js';
import { startBot, type Bot } from '../../testkit/wechat-harness.js';

const refundQuestion = 'How long does a refund take to reach my card?';

describe('WeChat late replies whose worker stopped', () => {
  let bot: Bot;
  afterEach(async () => {
    await bot.close();
  });

  const committedTurn = async (openId: string) => {
    const messageId = nextMsgId();
    const outcome = await bot.runtime.engine.handle({ channel: 'wechat', conversationKey: openId, userId: openId, messageId, text: refundQuestion, timestamp: new Date() });
    await bot.runtime.store.deliveries.open('wechat', messageId);
    await bot.runtime.store.deliveries.defer('wechat', messageId, 1);
    return { messageId, outcome };
  };

  it('a send cut mid-way is reported, never sent twice: the platform takes no idempotency key and it may have arrived', async () => {
    bot = await startBot({ env: { INBOX_RETRY_INTERVAL_MS: '0' } });
    const { messageId, outcome } = await committedTurn('o-cut');
    await bot.runtime.store.deliveries.prepare('wechat', messageId, JSON.stringify({ to: 'o-cut', text: outcome.reply }));
    expect(await bot.runtime.store.deliveries.claimSend('wechat', messageId, -1)).toBe(true);

    await bot.runtime.recovery.sweep();
    expect(bot.api.sent).toHaveLength(0);
    expect(await bot.runtime.store.deliveries.get('wechat', messageId)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('may have reached the customer') });
    expect(await backlogOf(bot.server.url)).toMatchObject({ reply_failed: 1, reply_unsent: 0 });
    await bot.runtime.recovery.sweep();
    expect(bot.api.sent).toHaveLength(0);
  });

  it('a reply owed but never started is sent once by the sweep, whichever process runs it', async () => {
    bot = await startBot({ env: { INBOX_RETRY_INTERVAL_MS: '0' } });
    const { messageId, outcome } = await committedTurn('o-owed');
    const other = await startBot({ sharing: bot, env: { INBOX_RETRY_INTERVAL_MS: '0' } });
    try {
      await Promise.all([bot.runtime.recovery.sweep(), other.runtime.recovery.sweep()]);
    } finally {
      await other.close();
    }
    expect(bot.api.sent.map((call) => [call.body.touser, (call.body.text as { content: string }).content])).toEqual([['o-owed', outcome.reply]]);
    expect(await bot.runtime.store.deliveries.get('wechat', messageId)).toMatchObject({ status: 'sent' });
  });
});
