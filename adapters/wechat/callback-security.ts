import { randomBytes } from 'node:crypto';
import { callbackSignature, signatureMatches, type MessageCrypto } from './crypto.js';
import { CallbackRejectedError } from './errors.js';
import { buildXml, parseXmlFields } from './xml.js';

/**
 * plain: messages arrive in clear. compatible: the platform sends both; whatever the request
 * says (`encrypt_type=aes`) is used. safe: only encrypted messages are accepted — a plaintext
 * push is refused, because the plain `signature` covers the timestamp and nonce but not the
 * body, and so cannot prove who wrote the message.
 */
export type MessageMode = 'plain' | 'compatible' | 'safe';

export interface CallbackSecurity {
  token: string;
  /** Null when no EncodingAESKey is configured. */
  crypto: MessageCrypto | null;
  mode: MessageMode;
  /** Official Accounts sign every request with `signature`; WeCom signs only with `msg_signature`. */
  plainSignature: boolean;
  /** How far the request's timestamp may be from our clock; 0 turns the check off. */
  maxClockSkewS: number;
}

export interface OpenedCallback {
  fields: Record<string, string>;
  /** The request was encrypted, so the reply must be too. */
  encrypted: boolean;
}

type Query = Record<string, unknown>;

function param(query: Query, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function required(query: Query, name: string): string {
  const value = param(query, name);
  if (value === undefined) throw new CallbackRejectedError(401, 'missing_signature', `no ${name} parameter`);
  return value;
}

function checkClock(security: CallbackSecurity, timestamp: string): void {
  if (security.maxClockSkewS === 0) return;
  const skew = Math.abs(Date.now() / 1000 - Number(timestamp));
  if (!Number.isFinite(skew) || skew > security.maxClockSkewS) throw new CallbackRejectedError(401, 'stale_timestamp');
}

function checkSignature(expected: string, given: string): void {
  if (!signatureMatches(expected, given)) throw new CallbackRejectedError(401, 'bad_signature');
}

/** The server-address check (GET): returns the text to echo. */
export function answerUrlCheck(security: CallbackSecurity, query: Query): string {
  const timestamp = required(query, 'timestamp');
  const nonce = required(query, 'nonce');
  const echostr = param(query, 'echostr');
  if (echostr === undefined) throw new CallbackRejectedError(400, 'malformed_message', 'no echostr parameter');
  if (security.plainSignature) {
    checkSignature(callbackSignature(security.token, timestamp, nonce), required(query, 'signature'));
    checkClock(security, timestamp);
    return echostr;
  }
  // WeCom: the challenge is encrypted and signed together with it.
  checkSignature(callbackSignature(security.token, timestamp, nonce, echostr), required(query, 'msg_signature'));
  checkClock(security, timestamp);
  if (!security.crypto) throw new CallbackRejectedError(400, 'encryption_not_configured');
  return security.crypto.decrypt(echostr);
}

/** Verifies a message push (POST) and returns its fields, decrypted when it came encrypted. */
export function openCallback(security: CallbackSecurity, query: Query, body: string): OpenedCallback {
  const timestamp = required(query, 'timestamp');
  const nonce = required(query, 'nonce');
  const encrypted = security.plainSignature ? param(query, 'encrypt_type') === 'aes' : true;
  if (security.plainSignature) checkSignature(callbackSignature(security.token, timestamp, nonce), required(query, 'signature'));
  const msgSignature = encrypted ? required(query, 'msg_signature') : undefined;
  checkClock(security, timestamp);
  if (encrypted && (!security.crypto || security.mode === 'plain')) {
    throw new CallbackRejectedError(400, 'encryption_not_configured', 'encrypted push but no EncodingAESKey is configured');
  }
  if (!encrypted && security.mode === 'safe') throw new CallbackRejectedError(403, 'plaintext_refused');

  const outer = parseXmlFields(body);
  if (!encrypted || !msgSignature) return { fields: outer, encrypted: false };
  const ciphertext = outer.Encrypt;
  if (!ciphertext) throw new CallbackRejectedError(400, 'malformed_message', 'no <Encrypt> element');
  checkSignature(callbackSignature(security.token, timestamp, nonce, ciphertext), msgSignature);
  return { fields: parseXmlFields(security.crypto!.decrypt(ciphertext)), encrypted: true };
}

/** The response body for a reply packet: as it is, or in the encrypted envelope the platform expects. */
export function sealReply(security: CallbackSecurity, xml: string, encrypted: boolean): string {
  if (!encrypted || !security.crypto) return xml;
  const ciphertext = security.crypto.encrypt(xml);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  return buildXml({
    Encrypt: ciphertext,
    MsgSignature: callbackSignature(security.token, timestamp, nonce, ciphertext),
    TimeStamp: Number(timestamp),
    Nonce: nonce,
  });
}
