import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopifyGraphqlClient } from '../../src/commerce/shopify/graphql-client.js';
import { ShopifyConnector } from '../../src/commerce/shopify/shopify-connector.js';
import { createLogger } from '../../src/logger.js';
import { shopWebhookRouter } from '../../src/server/shop-webhook-routes.js';
import type { Runtime } from '../../src/runtime.js';
import { startFakeShopify, type FakeShopify } from '../helpers/fake-shopify.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

const logger = createLogger({ level: 'silent' });

describe('the Shopify connector against a stand-in Admin GraphQL API', () => {
  let shopify: FakeShopify;
  let connector: ShopifyConnector;

  beforeAll(async () => {
    shopify = await startFakeShopify();
  });
  afterAll(() => shopify.close());

  function connect() {
    connector = new ShopifyConnector(new ShopifyGraphqlClient({ baseUrl: shopify.url, accessToken: shopify.token, apiVersion: '2025-07', logger }), 'example.myshopify.com');
    return connector;
  }

  it('looks an order up by its name, with items, payment, tracking and refunds', async () => {
    const order = await connect().getOrder('#1002');
    expect(order).toMatchObject({
      id: '1002',
      status: 'delivered',
      total: { minor: 3000, currency: 'USD' },
      owner: { customerId: '7001', email: 'ada@example.com' },
      payment: { method: 'Visa', last4: '4242' },
    });
    expect(order!.items).toEqual([expect.objectContaining({ title: 'Enamel mug', quantity: 2 })]);
    expect(order!.fulfilments[0]).toMatchObject({ carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });
    expect(order!.fulfilments[0]!.events.at(-1)!.description).toBe('Delivered');
    expect(await connect().getOrder('#4040')).toBeNull();
    expect((await connect().findOrders({ customerId: '7001' }, 10)).map((o) => o.id)).toEqual(['1002', '1001']);
  });

  it("cancels an unfulfilled order, refusing a fulfilled one with Shopify's own reason", async () => {
    const done = await connect().cancelOrder('1001', 'customer request');
    expect(done).toMatchObject({ ok: true, refund: { amount: { minor: 5490 } } });
    expect((await connector.getOrder('1001'))!.status).toBe('cancelled');
    const refused = await connector.cancelOrder('1002', 'customer request');
    expect(refused).toMatchObject({ ok: false, reason: 'not_allowed', detail: 'Cannot cancel a fulfilled order' });
  });

  it('requests a return for fulfilled items, with the reason', async () => {
    const order = (await connect().getOrder('1002'))!;
    const result = await connector.createReturn('1002', [{ lineId: order.items[0]!.lineId, quantity: 1 }], 'Damaged');
    expect(result).toMatchObject({ ok: true, returnRequest: { id: '#1002-R1', items: [{ title: 'Enamel mug', quantity: 1 }], reason: 'Damaged' } });
    const sent = shopify.requests.find((r) => r.operation === 'AftercareReturnRequest')!;
    expect(sent.variables.input).toMatchObject({
      orderId: 'gid://shopify/Order/5002',
      returnLineItems: [{ fulfillmentLineItemId: 'gid://shopify/FulfillmentLineItem/7702', quantity: 1, returnReason: 'DEFECTIVE' }],
    });
    expect((await connector.getOrder('1002'))!.returns[0]).toMatchObject({ status: 'requested', items: [{ title: 'Enamel mug' }] });
  });

  it('reports refund status', async () => {
    expect(await connect().refundStatus('1002')).toEqual([expect.objectContaining({ amount: { minor: 1500, currency: 'USD' }, status: 'issued' })]);
  });

  it('retries a THROTTLED answer after the restore time the cost report gives', async () => {
    connect();
    // 200 points asked, 0 left, 500 restored a second: the bucket holds enough again after 400 ms.
    shopify.throttle(1, { requested: 200, available: 0, restoreRate: 500 });
    const before = shopify.requests.length;
    const order = await connector.getOrder('1002');
    expect(order?.id).toBe('1002');
    const [throttled, retried] = shopify.requests.slice(before);
    expect(retried!.operation).toBe('AftercareOrderByName');
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(395);
  });

  it('gives up with a typed error when the token is refused', async () => {
    const wrong = new ShopifyConnector(new ShopifyGraphqlClient({ baseUrl: shopify.url, accessToken: 'nope', apiVersion: '2025-07', logger }), 'x');
    await expect(wrong.getOrder('1001')).rejects.toThrow(/access token was refused/);
  });
});

describe('shop webhooks', () => {
  let server: Server;
  let url: string;
  const received: string[] = [];

  beforeAll(async () => {
    const app = express();
    app.use(shopWebhookRouter({ shopifySecret: 'shpss_secret', woocommerceSecret: 'wc_secret', logger, onFulfilmentEvent: async (id) => void received.push(id) }));
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const body = JSON.stringify({ id: 255858046, order_id: 5002, name: '#1002.1', shipment_status: 'in_transit', tracking_number: '1Z999AA10123456784' });
  const sign = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64');

  it('accepts a Shopify fulfillments/update webhook signed with the secret, and refuses a wrong HMAC', async () => {
    const post = (signature: string) =>
      fetch(`${url}/webhooks/shopify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-topic': 'fulfillments/update', 'x-shopify-hmac-sha256': signature },
        body,
      });
    const wrong = await post(sign('another-secret', body));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid_signature' });
    expect(received).toEqual([]);
    const right = await post(sign('shpss_secret', body));
    expect(right.status).toBe(200);
    await expect.poll(() => received).toEqual(['1002']);
  });

  it('refuses a WooCommerce webhook with a wrong signature', async () => {
    const wooBody = JSON.stringify({ id: 88, number: '88', status: 'completed' });
    const post = (signature: string) =>
      fetch(`${url}/webhooks/woocommerce`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wc-webhook-signature': signature }, body: wooBody });
    expect((await post(sign('wrong', wooBody))).status).toBe(401);
    expect((await post(sign('wc_secret', wooBody))).status).toBe(200);
    await expect.poll(() => received).toContain('88');
  });
});

describe('a conversation with a Shopify shop', () => {
  let shopify: FakeShopify;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;

  beforeAll(async () => {
    shopify = await startFakeShopify();
    dir = tempDir();
    runtime = await testRuntime(dir.path, {
      env: { SHOP_CONNECTOR: 'shopify', SHOPIFY_SHOP_DOMAIN: 'example.myshopify.com', SHOPIFY_ADMIN_URL: shopify.url, SHOPIFY_ADMIN_TOKEN: shopify.token },
    });
  });
  afterAll(async () => {
    await runtime.close();
    dir.remove();
    await shopify.close();
  });

  it('answers "where is my order #1002" from Shopify once the e-mail matches, and cancels #1001 after a yes', async () => {
    const status = await runtime.engine.handle(message('shopify-1', 'Where is my order #1002? ada@example.com'));
    expect(status.reply).toContain('Enamel mug');
    expect(status.reply).toContain('1Z999AA10123456784');
    const proposal = await runtime.engine.handle(message('shopify-2', 'Please cancel order #1001, my email is ada@example.com'));
    expect(proposal.reply).toMatch(/cancel order 1001 and refund US\$54\.90 to your Visa ending 4242/);
    const done = await runtime.engine.handle(message('shopify-2', 'yes'));
    expect(done.reply).toMatch(/order 1001 is cancelled/);
    expect(shopify.orders.find((o) => o.name === '#1001')!.cancelledAt).not.toBeNull();
  });
});
