import express, { Router } from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../logger.js';
import { shopifyWebhookValid } from '../commerce/shopify/webhook.js';

export interface ShopWebhookOptions {
  shopifySecret: string | undefined;
  woocommerceSecret: string | undefined;
  logger: Logger;
  /** Called with the shop's order number once a verified fulfilment event arrives. */
  onFulfilmentEvent(orderId: string): Promise<unknown>;
}

function wooSignatureValid(rawBody: Buffer, signature: string | undefined, secret: string): boolean {
  if (!signature) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The shops' webhooks: Shopify's `fulfillments/update` (X-Shopify-Hmac-Sha256) and WooCommerce's
 * order updates (X-WC-Webhook-Signature). A body whose signature does not match is refused with
 * 401 before it is read as JSON; an unconfigured shop's route answers 404.
 */
export function shopWebhookRouter(options: ShopWebhookOptions): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: '1mb' });
  const handle = async (orderId: string | null, res: express.Response) => {
    if (orderId) {
      // Answered first: Shopify wants a 200 within 5 seconds, and the notice may take longer.
      res.status(200).json({ ok: true });
      await options.onFulfilmentEvent(orderId).catch((error: unknown) => options.logger.error({ err: error, orderId }, 'fulfilment event failed'));
    } else res.status(200).json({ ok: true, ignored: true });
  };

  router.post('/webhooks/shopify', raw, async (req, res) => {
    if (!options.shopifySecret) return void res.status(404).json({ error: 'shopify_webhooks_off', message: 'set SHOPIFY_WEBHOOK_SECRET' });
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!shopifyWebhookValid(body, req.get('x-shopify-hmac-sha256'), options.shopifySecret)) {
      options.logger.warn({ topic: req.get('x-shopify-topic') }, 'shopify webhook with a wrong signature refused');
      return void res.status(401).json({ error: 'invalid_signature' });
    }
    let payload: { name?: unknown; order_id?: unknown };
    try {
      payload = JSON.parse(body.toString('utf8')) as typeof payload;
    } catch {
      return void res.status(400).json({ error: 'invalid_json' });
    }
    const topic = req.get('x-shopify-topic') ?? '';
    // fulfillments/update carries `name` "#1001.1" (order name and fulfilment number).
    const name = typeof payload.name === 'string' ? payload.name.replace(/^#/, '').replace(/\.\d+$/, '') : null;
    await handle(topic.startsWith('fulfillments/') ? name : null, res);
  });

  router.post('/webhooks/woocommerce', raw, async (req, res) => {
    if (!options.woocommerceSecret) return void res.status(404).json({ error: 'woocommerce_webhooks_off', message: 'set WOOCOMMERCE_WEBHOOK_SECRET' });
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!wooSignatureValid(body, req.get('x-wc-webhook-signature'), options.woocommerceSecret)) {
      options.logger.warn({ topic: req.get('x-wc-webhook-topic') }, 'woocommerce webhook with a wrong signature refused');
      return void res.status(401).json({ error: 'invalid_signature' });
    }
    let payload: { id?: unknown; number?: unknown };
    try {
      payload = JSON.parse(body.toString('utf8')) as typeof payload;
    } catch {
      return void res.status(400).json({ error: 'invalid_json' });
    }
    const id = payload.number ?? payload.id;
    await handle(typeof id === 'string' || typeof id === 'number' ? String(id) : null, res);
  });
  return router;
}
