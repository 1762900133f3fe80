import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addressOf } from '../../src/core/channels.js';
import { now, pushXml } from '../../testkit/wechat-platform.js';
import { startBot, wecom, type Bot } from '../../testkit/wechat-harness.js';

const openKfId = 'wkAfterSalesDesk01';
let sequence = 0;

/** A message as `/cgi-bin/kf/sync_msg` lists it. */
function customerText(externalUserId: string, content: string, sendTime = now()) {
  return { msgid: `kf-msg-${++sequence}`, open_kfid: openKfId, external_userid: externalUserId, send_time: sendTime, origin: 3, msgtype: 'text', text: { content } };
}

describe('WeCom customer service for WeChat users (微信客服)', () => {
  let bot: Bot;
  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => {
    await bot.close();
  });

  /** The callback the platform sends when there is something to pull. */
  const notice = () =>
    bot.wecomPlatform.push(pushXml({ ToUserName: wecom.corpId, CreateTime: now(), MsgType: 'event', Event: 'kf_msg_or_event', Token: bot.api.kf.token, OpenKfId: openKfId }));
  const kfSends = () => bot.api.sent.filter((call) => call.path === '/cgi-bin/kf/send_msg');

  it('pulls the customer’s messages after a notice and answers each once through send_msg', async () => {
    bot.api.kf.messages.push(customerText('wm-customer-1', '退款多久能到账？'), customerText('wm-customer-2', 'How long does a refund take to reach my card?'));
    bot.api.kf.messages.push(customerText('wm-customer-1', '谢谢'));
    const response = await notice();
    expect([response.status, response.body]).toEqual([200, 'success']);
    // The platform repeats notices; the cursor and the message ids keep each message answered once.
    await notice();
    await bot.runtime.background.drain();

    const sends = kfSends();
    expect(sends).toHaveLength(3);
    expect(sends.map((call) => [call.body.touser, call.body.open_kfid])).toEqual([
      ['wm-customer-1', openKfId],
      ['wm-customer-2', openKfId],
      ['wm-customer-1', openKfId],
    ]);
    expect((sends[0]!.body.text as { content: string }).content).toMatch(/退款/);
    expect((sends[1]!.body.text as { content: string }).content).toMatch(/refund/i);
    expect(bot.api.kf.syncRequests[0]).toMatchObject({ cursor: '', token: bot.api.kf.token, open_kfid: openKfId });
    expect(bot.api.kf.syncRequests.at(-1)).toMatchObject({ cursor: '3' });
    expect(bot.api.tokenRequests.map((request) => request.query.corpsecret)).toEqual([wecom.kfSecret]);
  });

  it('welcomes a customer who opens the chat with the one-time welcome code', async () => {
    bot.api.kf.messages.push({
      msgid: 'kf-event-1',
      send_time: now(),
      origin: 4,
      msgtype: 'event',
      event: { event_type: 'enter_session', open_kfid: openKfId, external_userid: 'wm-new', scene: 'order-page', welcome_code: 'WELCOME-CODE-1' },
    });
    await notice();
    await bot.runtime.background.drain();
    const [welcome] = bot.api.sent;
    expect(welcome).toMatchObject({ path: '/cgi-bin/kf/send_msg_on_event', body: { code: 'WELCOME-CODE-1', msgtype: 'text' } });
    expect((welcome!.body.text as { content: string }).content).toMatch(/售后/);
  });

  it('does not answer the three-day backlog the first pull returns', async () => {
    bot.api.kf.messages.push(customerText('wm-old', '还在吗？', now() - 2 * 24 * 3600), customerText('wm-new-msg', '你好'));
    await notice();
    await bot.runtime.background.drain();
    expect(kfSends().map((call) => call.body.touser)).toEqual(['wm-new-msg']);
  });

  it('relays staff replies to the customer through the customer-service account they wrote to', async () => {
    bot.api.kf.messages.push(customerText('wm-angry', '我要投诉，转人工！'));
    await notice();
    await bot.runtime.background.drain();
    const conversation = await bot.runtime.store.conversations.findByKey('wecom-kf', 'wm-angry');
    expect(conversation!.state).toBe('escalated');
    await bot.runtime.channels.send(addressOf(conversation!), { author: 'staff', text: '您好，我是客服小王。' });
    expect(kfSends().at(-1)!.body).toEqual({ touser: 'wm-angry', open_kfid: openKfId, msgtype: 'text', text: { content: '您好，我是客服小王。' } });
  });
});
