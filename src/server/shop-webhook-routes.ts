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

interface ShopHook {
  shop: 'shopify' | 'woocommerce';
  /** The setting that turns the route on, named in its 404. */
  setting: string;
  /** The headers carrying the body's signature and the event's topic. */
  signature: string;
  topic: string;
  valid(rawBody: Buffer, signature: string | undefined, secret: string): boolean;
}

const shopifyHook: ShopHook = { shop: 'shopify', setting: 'SHOPIFY_WEBHOOK_SECRET', signature: 'x-shopify-hmac-sha256', topic: 'x-shopify-topic', valid: shopifyWebhookValid };
const wooHook: ShopHook = {
  shop: 'woocommerce',
  setting: 'WOOCOMMERCE_WEBHOOK_SECRET',
  signature: 'x-wc-webhook-signature',
  topic: 'x-wc-webhook-topic',
  valid: wooSignatureValid,
};

/** The webhook's JSON body once its signature checks out; otherwise the refusal is sent and null returned. */
function signedPayload<T>(hook: ShopHook, secret: string | undefined, req: express.Request, res: express.Response, logger: Logger): { payload: T } | null {
  const refuse = (status: number, body: Record<string, string>): null => {
    res.status(status).json(body);
    return null;
  };
  if (!secret) return refuse(404, { error: `${hook.shop}_webhooks_off`, message: `set ${hook.setting}` });
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (!hook.valid(body, req.get(hook.signature), secret)) {
    logger.warn({ topic: req.get(hook.topic) }, `${hook.shop} webhook with a wrong signature refused`);
    return refuse(401, { error: 'invalid_signature' });
  }
  try {
    return { payload: JSON.parse(body.toString('utf8')) as T };
  } catch {
    return refuse(400, { error: 'invalid_json' });
  }
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
    const signed = signedPayload<{ name?: unknown }>(shopifyHook, options.shopifySecret, req, res, options.logger);
    if (!signed) return;
    const { payload } = signed;
    const topic = req.get('x-shopify-topic') ?? '';
    // fulfillments/update carries `name` "#1001.1" (order name and fulfilment number).
    const name = typeof payload.name === 'string' ? payload.name.replace(/^#/, '').replace(/\.\d+$/, '') : null;
    await handle(topic.startsWith('fulfillments/') ? name : null, res);
  });

  router.post('/webhooks/woocommerce', raw, async (req, res) => {
    const signed = signedPayload<{ id?: unknown; number?: unknown }>(wooHook, options.woocommerceSecret, req, res, options.logger);
    if (!signed) return;
    const { payload } = signed;
    const id = payload.number ?? payload.id;
    await handle(typeof id === 'string' || typeof id === 'number' ? String(id) : null, res);
  });
  return router;
}
