import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KeyValueRepository } from '../store/types.js';

/**
 * A channel identity the shop vouches for: the shop's site signs its logged-in customer's id
 * with SHOP_IDENTITY_SECRET (`v1.<base64url {"sub","exp"}>.<base64url HMAC-SHA256>`) and hands
 * the token to the widget; aftercare links the conversation's user to that customer, and the
 * customer's own orders need no further proof.
 */
const version = 'v1';
const maxTokenLength = 1024;

export class CustomerTokenError extends Error {
  override readonly name = 'CustomerTokenError';
  constructor(readonly problem: 'malformed' | 'bad_signature' | 'expired') {
    super(`shop customer token: ${problem}`);
  }
}

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${version}.${payload}`).digest();
}

export function signCustomerToken(secret: string, customerId: string, expiresAt: Date): string {
  const payload = Buffer.from(JSON.stringify({ sub: customerId, exp: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
  return `${version}.${payload}.${sign(secret, payload).toString('base64url')}`;
}

/** The shop's customer id in a valid token; throws `CustomerTokenError` naming what is wrong. */
export function verifyCustomerToken(secret: string, token: string, now = new Date()): string {
  const [tag, payload, signature, ...rest] = token.split('.');
  if (tag !== version || !payload || !signature || rest.length > 0 || token.length > maxTokenLength) throw new CustomerTokenError('malformed');
  const given = Buffer.from(signature, 'base64url');
  const expected = sign(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CustomerTokenError('bad_signature');
  let claims: { sub?: unknown; exp?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    throw new CustomerTokenError('malformed');
  }
  if (typeof claims.sub !== 'string' || !claims.sub || typeof claims.exp !== 'number') throw new CustomerTokenError('malformed');
  if (claims.exp * 1000 <= now.getTime()) throw new CustomerTokenError('expired');
  return claims.sub;
}

const linkKey = (channel: string, conversationKey: string) => `shop-customer:${channel}:${conversationKey}`;

/**
 * Links a conversation to the shop customer a valid token names, until the token expires. By
 * conversation, not user id: the conversation key is what the channel proves (the widget's is
 * in its own signed token), while some channels' user ids are only labels.
 */
export async function linkCustomer(keyValues: KeyValueRepository, secret: string, channel: string, conversationKey: string, token: string): Promise<string> {
  const customerId = verifyCustomerToken(secret, token);
  const [, payload] = token.split('.');
  const { exp } = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as { exp: number };
  await keyValues.set(linkKey(channel, conversationKey), customerId, new Date(exp * 1000));
  return customerId;
}

export async function linkedCustomer(keyValues: KeyValueRepository, channel: string, conversationKey: string): Promise<string | null> {
  return (await keyValues.get(linkKey(channel, conversationKey)))?.value ?? null;
}
