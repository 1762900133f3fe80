import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoShop } from '../../src/commerce/demo-shop/demo-shop.js';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

const adminToken = 'admin-token-for-order-actions';

describe('/admin/api/order-actions', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;

  beforeAll(async () => {
    dir = tempDir();
    runtime = await testRuntime(dir.path, { env: { ADMIN_TOKEN: adminToken, SHOP_REFUND_APPROVAL_ABOVE: '0' } });
    server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await runtime.close();
    dir.remove();
  });

  const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };

  it('lists prepared actions to admins only, and declines one with one call, telling the customer', async () => {
    const shop = runtime.commerce as DemoShop;
    const order = (await shop.listOrders(200, 'packing'))[0]!;
    await runtime.engine.handle(message('api-1', `order ${order.id} ${order.owner.email}`));
    await runtime.engine.handle(message('api-1', 'cancel it please'));

    expect((await fetch(`${server.url}/admin/api/order-actions`)).status).toBe(401);
    const listed = (await (await fetch(`${server.url}/admin/api/order-actions`, { headers: auth })).json()) as { actions: Array<{ id: string; orderId: string }> };
    const action = listed.actions.find((a) => a.orderId === order.id)!;
    expect(action).toBeDefined();

    const bad = await fetch(`${server.url}/admin/api/order-actions/${action.id}/decline`, { method: 'POST', headers: auth, body: JSON.stringify({ staffId: '' }) });
    expect(bad.status).toBe(400);
    const declined = await fetch(`${server.url}/admin/api/order-actions/${action.id}/decline`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ staffId: 'U9', staffName: 'Kim' }),
    });
    expect(declined.status).toBe(200);
    expect(await declined.json()).toMatchObject({ kind: 'declined', action: { status: 'declined', decidedBy: 'U9' } });
    const again = await fetch(`${server.url}/admin/api/order-actions/${action.id}/approve`, { method: 'POST', headers: auth, body: '{}' });
    expect(again.status).toBe(409);
    expect((await fetch(`${server.url}/admin/api/order-actions/nope/approve`, { method: 'POST', headers: auth, body: '{}' })).status).toBe(404);
    expect((await shop.getOrder(order.id))!.status).toBe('packing');
    const conversation = (await runtime.store.conversations.findByKey('test', 'api-1'))!;
    expect((await runtime.store.messages.recent(conversation.id, 1))[0]!.text).toMatch(/did not approve/);
  });
});
