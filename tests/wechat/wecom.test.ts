import { afterEach, describe, expect, it } from 'vitest';
import { addressOf } from '../../src/core/channels.js';
import { pushXml, nextMsgId, now, textPush } from '../../testkit/wechat-platform.js';
import { gateBefore, startBot, wecom, type Bot } from '../../testkit/wechat-harness.js';

// Tencent's published WeCom callback samples (WXBizMsgCrypt Sample.cs / Sample.java).
const sampleCheck =
  '/wecom?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D';
const samplePush = {
  path: '/wecom?msg_signature=477715d11cdb4164915debcba66cb864d751f3e6&timestamp=1409659813&nonce=1372623149',
  body: '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>',
};

const wecomText = (from: string, text: string) =>
  pushXml({ ToUserName: wecom.corpId, FromUserName: from, CreateTime: now(), MsgType: 'text', Content: text, MsgId: nextMsgId(), AgentID: wecom.agentId });

describe('WeCom application callback (/wecom)', () => {
  let bot: Bot;
  afterEach(async () => {
    await bot.close();
  });

  it('answers the published sample server-address check with the decrypted echostr', async () => {
    // The sample is from 2014: switch the clock check off to replay it.
    bot = await startBot({ env: { WECHAT_MAX_CLOCK_SKEW_S: '0' } });
    const response = await fetch(`${bot.server.url}${sampleCheck}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('1616140317555161061');
    const tampered = await fetch(`${bot.server.url}${sampleCheck.replace('5c45ff', '5c45fe')}`);
    expect(tampered.status).toBe(401);
  });

  it('decrypts the published sample message and answers it with an encrypted passive reply', async () => {
    bot = await startBot({ env: { WECHAT_MAX_CLOCK_SKEW_S: '0' } });
    const result = await bot.wecomPlatform.sendRaw(samplePush.path, samplePush.body);
    expect(result.status).toBe(200);
    expect(result.encryptedReply).toBe(true);
    expect(result.reply).toMatchObject({ ToUserName: 'mycreate', FromUserName: wecom.corpId, MsgType: 'text' });
    expect(result.reply!.Content).toMatch(/after-sales assistant/);
    expect(await bot.runtime.store.inbox.get('wecom', '4561255354251345929')).toMatchObject({ status: 'done' });
  });

  it('refuses a push with a wrong or missing msg_signature, and a stale one', async () => {
    bot = await startBot();
    const bad = await bot.wecomPlatform.push(wecomText('zhangsan', 'hello'), { signature: 'bad' });
    const missing = await bot.wecomPlatform.push(wecomText('zhangsan', 'hello'), { signature: 'missing' });
    const stale = await bot.wecomPlatform.push(wecomText('zhangsan', 'hello'), { timestamp: now() - 3600 });
    expect([bad.status, missing.status, stale.status]).toEqual([401, 401, 401]);
    expect(await bot.runtime.store.conversations.findByKey('wecom', 'zhangsan')).toBeNull();
  });

  it('sends a slow answer through the application message API, and relays staff replies the same way', async () => {
    const gate = gateBefore('reply');
    bot = await startBot({ env: { WECOM_REPLY_BUDGET_MS: '200' }, customiseStages: gate.customiseStages });
    const response = await bot.wecomPlatform.push(wecomText('lisi', '退款多久能到账？'));
    expect(response.body).toBe('success');
    gate.open();
    const [late] = await bot.api.waitForSends(1);
    expect(late).toMatchObject({ path: '/cgi-bin/message/send', body: { touser: 'lisi', msgtype: 'text', agentid: 1000002 } });
    expect(bot.api.tokenRequests[0]).toMatchObject({ path: '/cgi-bin/gettoken', query: { corpid: wecom.corpId } });

    const conversation = await bot.runtime.store.conversations.findByKey('wecom', 'lisi');
    await bot.runtime.channels.send(addressOf(conversation!), { author: 'staff', text: '已为您处理' });
    expect(bot.api.sent.at(-1)).toMatchObject({ path: '/cgi-bin/message/send', body: { touser: 'lisi', text: { content: '已为您处理' } } });
  });

  it('does not mix WeCom users up with Official Account followers of the same id', async () => {
    bot = await startBot();
    await bot.wecomPlatform.push(wecomText('same-id', 'hello'));
    await bot.platform.push(textPush('same-id', 'hello'), { encrypt: true });
    const a = await bot.runtime.store.conversations.findByKey('wecom', 'same-id');
    const b = await bot.runtime.store.conversations.findByKey('wechat', 'same-id');
    expect(a!.id).not.toBe(b!.id);
  });
});
