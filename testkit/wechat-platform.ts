import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

/*
 * The WeChat / WeCom servers' side of a callback, written independently of the adapter from
 * the published protocol (WXBizMsgCrypt): what the tests send is signed and encrypted here
 * with Node's crypto, and replies are opened here, so the adapter is checked against the
 * protocol rather than against itself.
 */

export const sha1Sorted = (...parts: string[]) =>
  createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');

export function encryptForReceiver(aesKey: string, receiverId: string, message: string, random = randomBytes(16)): string {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = Buffer.concat([random, length, body, Buffer.from(receiverId)]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

export function decryptFromSender(aesKey: string, encrypted: string): { message: string; receiverId: string } {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
  const plain = padded.subarray(0, padded.length - padded[padded.length - 1]!);
  const length = plain.readUInt32BE(16);
  return { message: plain.subarray(20, 20 + length).toString('utf8'), receiverId: plain.subarray(20 + length).toString('utf8') };
}

const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true });
export function readXml(xml: string): Record<string, string> {
  try {
    return (parser.parse(xml) as { xml?: Record<string, string> }).xml ?? {};
  } catch {
    return {};
  }
}

const cdata = (value: string) => `<![CDATA[${value}]]>`;

// The platform writes numbers bare and text in CDATA.
const bare = new Set(['CreateTime', 'MsgId', 'AgentID']);

/** A push packet as the platform writes it. */
export function pushXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([name, value]) => `<${name}>${typeof value === 'number' || bare.has(name) ? value : cdata(value)}</${name}>`)
    .join('');
  return `<xml>${body}</xml>`;
}

let msgIds = 7_100_000_000_000_000_000n;
/** A 64-bit MsgId as the platform issues them (beyond what a JS number holds exactly). */
export const nextMsgId = () => String(++msgIds);

export const now = () => Math.floor(Date.now() / 1000);

export interface PlatformOptions {
  /** The bot's base URL. */
  server: string;
  path: '/wechat' | '/wecom';
  token: string;
  aesKey?: string;
  /** AppID (Official Account) or CorpID (WeCom): the receiver id inside ciphertexts. */
  receiverId?: string;
}

export type SignatureMode = 'good' | 'bad' | 'missing';

export interface PushResult {
  status: number;
  body: string;
  /** The reply packet's fields, decrypted when it came encrypted; null for `success`/errors. */
  reply: Record<string, string> | null;
  encryptedReply: boolean;
}

/** Sends pushes the way the platform does and reads the answers. */
export class Platform {
  constructor(readonly options: PlatformOptions) {}

  /** POSTs a push: plain (Official Account plaintext/compatible mode) or encrypted (safe mode, WeCom). */
  async push(xml: string, options: { encrypt?: boolean; signature?: SignatureMode; timestamp?: number; nonce?: string } = {}): Promise<PushResult> {
    const { token, aesKey, receiverId, path } = this.options;
    const wecom = path === '/wecom';
    const encrypt = options.encrypt ?? wecom;
    const timestamp = String(options.timestamp ?? now());
    const nonce = options.nonce ?? String(randomBytes(4).readUInt32BE());
    const query = new URLSearchParams({ timestamp, nonce });
    let body = xml;
    const tamper = (signature: string) => (options.signature === 'bad' ? signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) : signature);
    if (!wecom && options.signature !== 'missing') query.set('signature', tamper(sha1Sorted(token, timestamp, nonce)));
    if (!wecom) query.set('openid', readXml(xml).FromUserName ?? '');
    if (encrypt) {
      const ciphertext = encryptForReceiver(aesKey!, receiverId!, xml);
      body = pushXml({ ToUserName: readXml(xml).ToUserName ?? '', Encrypt: ciphertext });
      if (!wecom) query.set('encrypt_type', 'aes');
      // An Official Account's "missing" drops the plain signature; WeCom has only msg_signature to drop.
      if (!(wecom && options.signature === 'missing')) query.set('msg_signature', tamper(sha1Sorted(token, timestamp, nonce, ciphertext)));
    }
    return this.send(`${path}?${query}`, body);
  }

  async sendRaw(pathAndQuery: string, body: string): Promise<PushResult> {
    return this.send(pathAndQuery, body);
  }

  /** The signed query a push would carry, for tests that send odd bodies. */
  signedQuery(extra: Record<string, string> = {}): string {
    const timestamp = String(now());
    const nonce = '42';
    return new URLSearchParams({ timestamp, nonce, signature: sha1Sorted(this.options.token, timestamp, nonce), ...extra }).toString();
  }

  private async send(pathAndQuery: string, body: string): Promise<PushResult> {
    const response = await fetch(`${this.options.server}${pathAndQuery}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    const text = await response.text();
    if (response.status !== 200 || !text.startsWith('<xml>')) return { status: response.status, body: text, reply: null, encryptedReply: false };
    const outer = readXml(text);
    if (!outer.Encrypt) return { status: response.status, body: text, reply: outer, encryptedReply: false };
    // Check the reply's own signature as the platform would before trusting it.
    const expected = sha1Sorted(this.options.token, String(outer.TimeStamp), String(outer.Nonce), outer.Encrypt);
    if (expected !== outer.MsgSignature) throw new Error('the reply’s MsgSignature does not verify');
    const { message, receiverId } = decryptFromSender(this.options.aesKey!, outer.Encrypt);
    if (receiverId !== this.options.receiverId) throw new Error(`the reply is encrypted for ${receiverId}`);
    return { status: response.status, body: text, reply: readXml(message), encryptedReply: true };
  }
}

/** A text message push from customer `from` to account `to`. */
export function textPush(from: string, text: string, options: { to?: string; msgId?: string; createTime?: number } = {}): string {
  return pushXml({
    ToUserName: options.to ?? 'gh_aftercare01',
    FromUserName: from,
    CreateTime: options.createTime ?? now(),
    MsgType: 'text',
    Content: text,
    MsgId: options.msgId ?? nextMsgId(),
  });
}

/** An event push (subscribe, unsubscribe, CLICK…), deduplicated by FromUserName + CreateTime. */
export function eventPush(from: string, event: string, options: { to?: string; createTime?: number; eventKey?: string } = {}): string {
  return pushXml({
    ToUserName: options.to ?? 'gh_aftercare01',
    FromUserName: from,
    CreateTime: options.createTime ?? now(),
    MsgType: 'event',
    Event: event,
    ...(options.eventKey ? { EventKey: options.eventKey } : {}),
  });
}
