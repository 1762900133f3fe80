import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WooCommerceConnector } from '../../src/commerce/woocommerce/woocommerce-connector.js';
import { createLogger } from '../../src/logger.js';
import type { Runtime } from '../../src/runtime.js';
import { startFakeWooCommerce, type FakeWooCommerce } from '../helpers/fake-woocommerce.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

const logger = createLogger({ level: 'silent' });

describe('the WooCommerce connector against a stand-in REST API v3', () => {
  let woo: FakeWooCommerce;
  let connector: WooCommerceConnector;

  beforeAll(async () => {
    woo = await startFakeWooCommerce();
    connector = new WooCommerceConnector({ baseUrl: woo.url, consumerKey: woo.key, consumerSecret: woo.secret, logger });
  });
  afterAll(() => woo.close());

  it("looks an order up with items, tracking and refunds, and lists a customer's orders", async () => {
    const order = await connector.getOrder('3002');
    expect(order).toMatchObject({ id: '3002', status: 'delivered', total: { minor: 4500, currency: 'EUR' }, owner: { customerId: '42', email: 'li.wei@example.com' } });
    expect(order!.items[0]).toMatchObject({ title: 'Ceramic teapot', quantity: 1 });
    expect(order!.fulfilments[0]).toMatchObject({ carrier: 'DHL', trackingNumber: '1234567890' });
    expect(order!.refunds[0]).toMatchObject({ amount: { minor: 500, currency: 'EUR' }, status: 'issued' });
    expect(await connector.getOrder('9999')).toBeNull();
    expect(await connector.getOrder('../etc')).toBeNull();
    expect((await connector.findOrders({ customerId: '42' }, 10)).map((o) => o.id)).toEqual(['3002', '3001']);
  });

  it('cancels an unshipped order with a refund through the gateway, and will not cancel a delivered one', async () => {
    const done = await connector.cancelOrder('3001', 'customer request');
    expect(done).toMatchObject({ ok: true, refund: { amount: { minor: 1990 } } });
    expect(woo.orders.find((o) => o.id === 3001)!.status).toBe('cancelled');
    expect((await connector.refundStatus('3001'))[0]).toMatchObject({ amount: { minor: 1990, currency: 'EUR' }, status: 'issued' });
    expect(await connector.cancelOrder('3002', 'customer request')).toMatchObject({ ok: false, reason: 'not_allowed' });
  });

  it('records a return request with items and reason as an order note', async () => {
    const result = await connector.createReturn('3002', [{ lineId: '21', quantity: 1 }], 'Damaged');
    expect(result).toMatchObject({ ok: true, returnRequest: { items: [{ title: 'Ceramic teapot', quantity: 1 }], reason: 'Damaged' } });
    expect(woo.orders.find((o) => o.id === 3002)!.notes.at(-1)!.note).toBe('Return requested via aftercare: 1 × Ceramic teapot. Reason: Damaged');
  });

  it('retries a 429 after its Retry-After', async () => {
    woo.slowDown(1, 1);
    const before = woo.requests.length;
    expect((await connector.getOrder('3002'))?.id).toBe('3002');
    const [refused, retried] = woo.requests.slice(before);
    expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(995);
  });

  it('refuses to go on with a wrong consumer secret', async () => {
    const wrong = new WooCommerceConnector({ baseUrl: woo.url, consumerKey: woo.key, consumerSecret: 'cs_wrong', logger });
    await expect(wrong.getOrder('3002')).rejects.toThrow(/consumer key was refused/);
  });
});

describe('a conversation with a WooCommerce shop', () => {
  let woo: FakeWooCommerce;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;

  beforeAll(async () => {
    woo = await startFakeWooCommerce();
    dir = tempDir();
    runtime = await testRuntime(dir.path, {
      env: { SHOP_CONNECTOR: 'woocommerce', WOOCOMMERCE_URL: woo.url, WOOCOMMERCE_CONSUMER_KEY: woo.key, WOOCOMMERCE_CONSUMER_SECRET: woo.secret },
    });
  });
  afterAll(async () => {
    await runtime.close();
    dir.remove();
    await woo.close();
  });

  it('zh: answers with the order by phone number, and creates a return after 确认', async () => {
    const status = await runtime.engine.handle(message('woo-1', '订单号 3002 到哪了？手机 13800138000'));
    expect(status.reply).toContain('Ceramic teapot');
    expect(status.reply).toContain('DHL');
    const proposal = await runtime.engine.handle(message('woo-1', '茶壶坏了，我要退货'));
    expect(proposal.reply).toMatch(/退货申请.*原因：商品破损.*确认/);
    const done = await runtime.engine.handle(message('woo-1', '确认'));
    expect(done.reply).toMatch(/退货申请 RMA-3002-\d+ 已提交/);
  });
});
