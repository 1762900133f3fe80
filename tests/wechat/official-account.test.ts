import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPush, nextMsgId, now, pushXml, sha1Sorted, textPush } from '../../testkit/wechat-platform.js';
import { officialAccount, startBot, warnings, type Bot } from '../../testkit/wechat-harness.js';

const refundQuestion = 'How long does a refund take to reach my card?';

describe('WeChat Official Account callback (/wechat)', () => {
  let bot: Bot;

  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(async () => {
    await bot.close();
  });

  const conversationOf = (openId: string) => bot.runtime.store.conversations.findByKey('wechat', openId);

  describe('server address check (GET)', () => {
    const check = (query: Record<string, string>) => fetch(`${bot.server.url}/wechat?${new URLSearchParams(query)}`);
    const signed = () => {
      const timestamp = String(now());
      return { timestamp, nonce: '1514711492', echostr: '6998543021842853781', signature: sha1Sorted(officialAccount.token, timestamp, '1514711492') };
    };

    it('echoes echostr when the signature is right', async () => {
      const response = await check(signed());
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('6998543021842853781');
    });

    it('refuses a wrong or missing signature', async () => {
      const bad = await check({ ...signed(), signature: sha1Sorted('another-token', '1', '2') });
      expect(bad.status).toBe(401);
      const { signature: _, ...unsigned } = signed();
      expect((await check(unsigned)).status).toBe(401);
    });
  });

  describe('plaintext messages', () => {
    it('answers a text message in the response body, as a text reply to the customer', async () => {
      const result = await bot.platform.push(textPush('o-plain-1', refundQuestion), { encrypt: false });
      expect(result.status).toBe(200);
      expect(result.encryptedReply).toBe(false);
      expect(result.reply).toMatchObject({ ToUserName: 'o-plain-1', FromUserName: officialAccount.account, MsgType: 'text' });
      expect(result.reply!.Content).toMatch(/refund/i);
      expect(Number(result.reply!.CreateTime)).toBeGreaterThan(now() - 60);

      const conversation = await conversationOf('o-plain-1');
      expect(conversation).toMatchObject({ channel: 'wechat', userId: 'o-plain-1', language: 'en' });
      const messages = await bot.runtime.store.messages.recent(conversation!.id, 10);
      expect(messages.map((m) => [m.direction, m.text])).toEqual([
        ['in', refundQuestion],
        ['out', result.reply!.Content],
      ]);
    });

    it('answers Chinese in Chinese', async () => {
      const result = await bot.platform.push(textPush('o-plain-2', '退款多久能到账？'), { encrypt: false });
      expect(result.reply!.Content).toMatch(/退款/);
    });

    it('refuses a wrong or missing signature, storing nothing', async () => {
      const bad = await bot.platform.push(textPush('o-forged', refundQuestion), { encrypt: false, signature: 'bad' });
      const missing = await bot.platform.push(textPush('o-forged', refundQuestion), { encrypt: false, signature: 'missing' });
      expect([bad.status, bad.body]).toEqual([401, 'bad_signature']);
      expect([missing.status, missing.body]).toEqual([401, 'missing_signature']);
      expect(await conversationOf('o-forged')).toBeNull();
    });

    it('refuses a push whose timestamp is far from now (a replayed request)', async () => {
      const replayed = await bot.platform.push(textPush('o-replay', refundQuestion), { encrypt: false, timestamp: now() - 3600 });
      expect([replayed.status, replayed.body]).toEqual([401, 'stale_timestamp']);
      expect(await conversationOf('o-replay')).toBeNull();
    });
  });

  describe('safe-mode (encrypted) messages', () => {
    it('decrypts the push and encrypts the reply with a verifiable MsgSignature', async () => {
      const result = await bot.platform.push(textPush('o-safe-1', '退款多久能到账？'), { encrypt: true });
      expect(result.status).toBe(200);
      expect(result.encryptedReply).toBe(true);
      expect(result.body).not.toContain('退款');
      expect(result.reply).toMatchObject({ ToUserName: 'o-safe-1', FromUserName: officialAccount.account, MsgType: 'text' });
      expect(result.reply!.Content).toMatch(/退款/);
    });

    it('refuses a ciphertext whose msg_signature does not match, even with a good plain signature', async () => {
      const xml = textPush('o-safe-2', refundQuestion);
      const good = await bot.platform.push(xml, { encrypt: true });
      expect(good.status).toBe(200);
      const result = await bot.platform.push(textPush('o-safe-3', refundQuestion), { encrypt: true, signature: 'bad' });
      expect(result.status).toBe(401);
      // A valid plain signature does not vouch for the body: swap in another ciphertext.
      const query = bot.platform.signedQuery({ encrypt_type: 'aes', msg_signature: sha1Sorted('x') });
      const swapped = await bot.platform.sendRaw(`/wechat?${query}`, pushXml({ ToUserName: officialAccount.account, Encrypt: 'AAAA' }));
      expect(swapped.status).toBe(401);
      expect(await conversationOf('o-safe-3')).toBeNull();
    });
  });

  describe('malformed pushes', () => {
    it('answers 400 without storing anything or crashing, and logs one line without the body', async () => {
      const before = warnings(bot).length;
      const inboxBefore = await bot.runtime.store.inbox.countByStatus();
      const broken = await bot.platform.sendRaw(`/wechat?${bot.platform.signedQuery()}`, '<xml><ToUserName><![CDATA[gh]]></ToUserName><Content>secret-text');
      expect([broken.status, broken.body]).toEqual([400, 'malformed_xml']);
      const lines = warnings(bot).slice(before);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ msg: 'rejected callback', reason: 'malformed_xml', channel: 'wechat' });
      expect(JSON.stringify(lines[0])).not.toContain('secret-text');

      const notXml = await bot.platform.sendRaw(`/wechat?${bot.platform.signedQuery()}`, '{"json": true}');
      expect(notXml.status).toBe(400);
      const entityBomb = await bot.platform.sendRaw(`/wechat?${bot.platform.signedQuery()}`, '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><xml><Content>&a;&a;</Content></xml>');
      expect(entityBomb.status).toBe(400);
      const missingFields = await bot.platform.sendRaw(`/wechat?${bot.platform.signedQuery()}`, pushXml({ MsgType: 'text', Content: 'hi' }));
      expect([missingFields.status, missingFields.body]).toEqual([400, 'malformed_message']);
      const encryptedGarbage = await bot.platform.push('<xml><FromUserName>o-garbage</FromUserName><<<', { encrypt: true });
      expect(encryptedGarbage.status).toBe(400);

      expect(await bot.runtime.store.inbox.countByStatus()).toEqual(inboxBefore);
      expect(await conversationOf('o-garbage')).toBeNull();
      // Still serving.
      expect((await bot.platform.push(textPush('o-after-garbage', 'hello'), { encrypt: false })).status).toBe(200);
    });
  });

  describe('events and media', () => {
    it('welcomes a new follower once, even when the platform retries the event', async () => {
      const createTime = now();
      const subscribe = eventPush('o-new-follower', 'subscribe', { createTime, eventKey: 'qrscene_store42' });
      const first = await bot.platform.push(subscribe, { encrypt: true });
      const retry = await bot.platform.push(subscribe, { encrypt: true });
      expect(first.reply).toMatchObject({ ToUserName: 'o-new-follower', MsgType: 'text' });
      expect(first.reply!.Content).toMatch(/售后/);
      expect(retry.reply!.Content).toBe(first.reply!.Content);
      const conversation = await conversationOf('o-new-follower');
      expect(await bot.runtime.store.events.countByType()).toMatchObject({ channel_subscribed: 1 });
      expect(conversation).not.toBeNull();
    });

    it('records an unfollow and answers nothing', async () => {
      const result = await bot.platform.push(eventPush('o-leaving', 'unsubscribe'), { encrypt: false });
      expect([result.status, result.body]).toEqual([200, 'success']);
      expect(await bot.runtime.store.events.countByType()).toMatchObject({ channel_unsubscribed: 1 });
    });

    it('tells a customer who sends a picture what the bot can do, in their language', async () => {
      await bot.platform.push(textPush('o-photo', 'My parcel arrived damaged, what can I do?'), { encrypt: false });
      const image = pushXml({
        ToUserName: officialAccount.account,
        FromUserName: 'o-photo',
        CreateTime: now(),
        MsgType: 'image',
        PicUrl: 'https://mmbiz.qpic.cn/mmbiz_jpg/parcel.jpg',
        MediaId: 'media-1',
        MsgId: nextMsgId(),
      });
      const result = await bot.platform.push(image, { encrypt: false });
      expect(result.reply!.Content).toMatch(/only read text/);
      expect(result.reply!.Content).toMatch(/agent/);
    });

    it('passes a picture to staff when they own the conversation', async () => {
      const escalated = await bot.platform.push(textPush('o-photo-staff', '转人工'), { encrypt: false });
      expect(escalated.reply!.Content).toMatch(/人工/);
      const image = pushXml({
        ToUserName: officialAccount.account,
        FromUserName: 'o-photo-staff',
        CreateTime: now(),
        MsgType: 'image',
        PicUrl: 'https://mmbiz.qpic.cn/mmbiz_jpg/receipt.jpg',
        MediaId: 'media-2',
        MsgId: nextMsgId(),
      });
      const result = await bot.platform.push(image, { encrypt: false });
      expect(result.reply?.Content ?? '').not.toMatch(/看不了图片/);
      const conversation = await conversationOf('o-photo-staff');
      const transcript = await bot.runtime.store.messages.recent(conversation!.id, 10);
      expect(transcript.filter((m) => m.direction === 'in').map((m) => m.text)).toContain('[image] https://mmbiz.qpic.cn/mmbiz_jpg/receipt.jpg');
    });

    it('answers a voice message from its speech recognition, and asks for text when there is none', async () => {
      const voice = (recognition?: string) =>
        pushXml({
          ToUserName: officialAccount.account,
          FromUserName: 'o-voice',
          CreateTime: now(),
          MsgType: 'voice',
          MediaId: 'media-3',
          Format: 'amr',
          ...(recognition !== undefined ? { Recognition: recognition } : {}),
          MsgId: nextMsgId(),
        });
      const recognised = await bot.platform.push(voice('退款多久能到账？'), { encrypt: true });
      expect(recognised.reply!.Content).toMatch(/退款/);
      const unrecognised = await bot.platform.push(voice(), { encrypt: true });
      expect(unrecognised.reply!.Content).toMatch(/只能阅读文字/);
    });
  });
});

describe('WeChat Official Account in strict safe mode', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ env: { WECHAT_MESSAGE_MODE: 'safe' } });
  });
  afterAll(async () => {
    await bot.close();
  });

  it('refuses plaintext pushes, whose signature does not cover the body, and accepts encrypted ones', async () => {
    const plain = await bot.platform.push(textPush('o-strict', 'hello'), { encrypt: false });
    expect([plain.status, plain.body]).toEqual([403, 'plaintext_refused']);
    const encrypted = await bot.platform.push(textPush('o-strict', 'hello'), { encrypt: true });
    expect(encrypted.encryptedReply).toBe(true);
  });
});

describe('WeChat Official Account in plaintext mode', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ env: { WECHAT_ENCODING_AES_KEY: '', WECHAT_MESSAGE_MODE: 'plain' } });
  });
  afterAll(async () => {
    await bot.close();
  });

  it('says clearly when an encrypted push arrives that it cannot read', async () => {
    const encrypted = await bot.platform.push(textPush('o-mismatch', 'hello'), { encrypt: true });
    expect([encrypted.status, encrypted.body]).toEqual([400, 'encryption_not_configured']);
    expect(warnings(bot).at(-1)).toMatchObject({ reason: 'encryption_not_configured' });
  });
});
