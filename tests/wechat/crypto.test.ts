import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callbackSignature, MessageCrypto, signatureMatches } from '../../adapters/wechat/crypto.js';
import { CallbackRejectedError } from '../../adapters/wechat/errors.js';
import { parsePush } from '../../adapters/wechat/push.js';
import { parseXmlFields } from '../../adapters/wechat/xml.js';
import { decryptFromSender, encryptForReceiver, sha1Sorted } from '../../testkit/wechat-platform.js';

// Published vectors from Tencent's WXBizMsgCrypt samples (Official Account Java sample test,
// WeCom C#/Java/PHP samples), copied verbatim.
const officialAccountSample = {
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wxb11529c136998cb6',
  random: 'aaaabbbbccccdddd',
  message: '我是中文abcd123',
  encrypted: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
};
const wecomSample = {
  token: 'QDG6eK',
  corpId: 'wx5823bf96d3bd56c7',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  verify: {
    msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
    plain: '1616140317555161061',
  },
  message: {
    msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
    timestamp: '1409659813',
    nonce: '1372623149',
    encrypt:
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  },
};

const randomAesKey = () => randomBytes(32).toString('base64').slice(0, 43);

describe('WeChat message encryption (WXBizMsgCrypt)', () => {
  it('reproduces the Official Account sample ciphertext byte for byte', () => {
    const crypto = new MessageCrypto(officialAccountSample.encodingAesKey, officialAccountSample.appId);
    expect(crypto.encrypt(officialAccountSample.message, Buffer.from(officialAccountSample.random))).toBe(officialAccountSample.encrypted);
    expect(crypto.decrypt(officialAccountSample.encrypted)).toBe(officialAccountSample.message);
  });

  it('verifies and decrypts the WeCom sample server-address check', () => {
    const { verify, token, encodingAesKey, corpId } = wecomSample;
    expect(callbackSignature(token, verify.timestamp, verify.nonce, verify.echostr)).toBe(verify.msgSignature);
    expect(new MessageCrypto(encodingAesKey, corpId).decrypt(verify.echostr)).toBe(verify.plain);
  });

  it('verifies and decrypts the WeCom sample message, keeping the 64-bit MsgId exact', () => {
    const { message, token, encodingAesKey, corpId } = wecomSample;
    expect(callbackSignature(token, message.timestamp, message.nonce, message.encrypt)).toBe(message.msgSignature);
    const push = parsePush(parseXmlFields(new MessageCrypto(encodingAesKey, corpId).decrypt(message.encrypt)));
    expect(push).toMatchObject({ kind: 'text', text: 'hello', customer: 'mycreate', account: corpId, messageId: '4561255354251345929', agentId: '218' });
  });

  it('agrees with an independent implementation in both directions, at every padding length', () => {
    const key = randomAesKey();
    const crypto = new MessageCrypto(key, 'wx1234567890abcdef');
    // Lengths chosen so that the padded plaintext ends exactly on a 32-byte block, and around it.
    for (const length of [0, 1, 13, 14, 15, 31, 32, 33, 2047, 5000]) {
      const message = '退'.repeat(Math.floor(length / 3)) + 'x'.repeat(length % 3);
      expect(decryptFromSender(key, crypto.encrypt(message))).toEqual({ message, receiverId: 'wx1234567890abcdef' });
      expect(crypto.decrypt(encryptForReceiver(key, 'wx1234567890abcdef', message))).toBe(message);
    }
  });

  it('computes signatures as SHA-1 of the sorted parts, and compares them in constant time', () => {
    expect(callbackSignature('token', '1409304348', 'xxxxxx')).toBe(sha1Sorted('xxxxxx', 'token', '1409304348'));
    const signature = sha1Sorted('a', 'b', 'c');
    expect(signatureMatches(signature, signature.toUpperCase())).toBe(true);
    expect(signatureMatches(signature, signature.slice(0, -1))).toBe(false);
    const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
    expect(signatureMatches(signature, flipped)).toBe(false);
  });

  it('refuses a message encrypted for another app, and damaged ciphertext', () => {
    const key = randomAesKey();
    const forOther = encryptForReceiver(key, 'wxOTHERAPP', '<xml/>');
    expect(() => new MessageCrypto(key, 'wxMINE').decrypt(forOther)).toThrow(expect.objectContaining({ reason: 'wrong_receiver' }));
    expect(() => new MessageCrypto(key, 'wxMINE').decrypt('bm90IGEgYmxvY2s=')).toThrow(CallbackRejectedError);
    const damaged = Buffer.from(encryptForReceiver(key, 'wxMINE', 'hello'), 'base64');
    damaged[damaged.length - 20]! ^= 0xff;
    expect(() => new MessageCrypto(key, 'wxMINE').decrypt(damaged.toString('base64'))).toThrow(CallbackRejectedError);
  });

  it('rejects an EncodingAESKey that is not 43 characters', () => {
    expect(() => new MessageCrypto('short', 'wx')).toThrow(/43/);
  });
});
