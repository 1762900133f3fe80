import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-aftercare-timestamp';
export const SIGNATURE_HEADER = 'x-aftercare-signature';
export const DELIVERY_HEADER = 'x-aftercare-delivery';

/**
 * `sha256=` + hex HMAC-SHA256 of `<timestamp>.<raw body>` with the channel's secret — the
 * same scheme both ways (shop → bot requests, bot → shop callbacks). The timestamp (Unix
 * seconds) is signed with the body so that a captured request cannot be replayed later.
 */
export function signBody(secret: string, timestamp: string, body: Buffer | string): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(body);
  return `sha256=${hmac.digest('hex')}`;
}

export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
  constructor(readonly reason: 'missing_signature' | 'bad_signature' | 'stale_timestamp') {
    super(reason);
  }
}

export function verifyBody(secret: string, headers: { timestamp: string | undefined; signature: string | undefined }, body: Buffer, maxSkewS: number): void {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) throw new WebhookSignatureError('missing_signature');
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > maxSkewS) {
    throw new WebhookSignatureError('stale_timestamp');
  }
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature.trim().toLowerCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new WebhookSignatureError('bad_signature');
}
