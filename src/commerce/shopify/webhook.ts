import { createHmac, timingSafeEqual } from 'node:crypto';

/** Shopify signs each webhook's raw body: base64 HMAC-SHA256 with the app's secret in X-Shopify-Hmac-Sha256. */
export function shopifyWebhookValid(rawBody: Buffer, signature: string | undefined, secret: string): boolean {
  if (!signature) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
