import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCustomerToken, verifyCustomerToken } from '../../src/commerce/customer-identity.js';
import { DemoShop } from '../../src/commerce/demo-shop/demo-shop.js';
import { latenessOf } from '../../src/commerce/late-parcels.js';
import type { ConversationAddress, OutboundMessage } from '../../src/core/channels.js';
import type { Runtime } from '../../src/runtime.js';
import type { RunningServer } from '../../src/server/http-server.js';
import { startServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';
import { newSession, sendTurn } from '../../testkit/widget-client.js';

const secret = 'shop-identity-secret-for-tests';
const thresholds = { noMovementDays: 5, afterShippingDays: 10 };

describe('a shop customer token proves who the widget visitor is', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;

  beforeAll(async () => {
    dir = tempDir();
    runtime = await testRuntime(dir.path, { env: { SHOP_IDENTITY_SECRET: secret } });
    server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await runtime.close();
    dir.remove();
  });

  const replyOf = (done: Awaited<ReturnType<typeof sendTurn>>['done']) =>
    done.messages
      .filter((m) => m.author === 'bot')
      .map((m) => m.text)
      .join('\n');

  it("shows a linked customer their own order without asking for the e-mail, and no one else's", async () => {
    const shop = runtime.commerce as DemoShop;
    const [mine, theirs] = (await shop.listOrders(200, 'delivered')).filter((o, i, all) => all.findIndex((x) => x.owner.customerId === o.owner.customerId) === i);
    const token = signCustomerToken(secret, mine!.owner.customerId, new Date(Date.now() + 3_600_000));
    const session = await newSession(server.url, undefined, { 'x-shop-customer-token': token });
    const own = await sendTurn(server.url, session.token, `where is my order ${mine!.id}?`);
    expect(replyOf(own.done)).toContain(mine!.items[0]!.title);
    const other = await sendTurn(server.url, session.token, `where is my order ${theirs!.id}?`);
    expect(replyOf(other.done)).not.toContain(theirs!.items[0]!.title);
    expect(replyOf(other.done)).toMatch(/e-mail address or phone number/);
  });

  it('refuses a token signed with another secret, or expired', async () => {
    const forged = signCustomerToken('not-the-secret', '12345', new Date(Date.now() + 3_600_000));
    const response = await fetch(`${server.url}/api/widget/session`, { method: 'POST', headers: { 'x-shop-customer-token': forged } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'invalid_customer_token', problem: 'bad_signature' });
    expect(() => verifyCustomerToken(secret, signCustomerToken(secret, '1', new Date(Date.now() - 1000)))).toThrow(/expired/);
  });
});

describe('late parcel notices', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  const sent: Array<{ to: ConversationAddress; message: OutboundMessage }> = [];

  beforeAll(async () => {
    dir = tempDir();
    runtime = await testRuntime(dir.path, { env: { SHOP_DEMO_EVENTS_MINUTES: '0' } });
    // The test channel's adapter: what the core hands it is what the customer would see.
    runtime.channels.register({ channel: 'test', send: async (to, outbound) => void sent.push({ to, message: outbound }) });
  });
  afterAll(async () => {
    await runtime.close();
    dir.remove();
  });

  it('tells the customer on their last channel, once, when a parcel they asked about is late', async () => {
    const shop = runtime.commerce as DemoShop;
    const shipped = await shop.listOrders(200, 'shipped');
    const late = shipped.filter((o) => latenessOf(o, thresholds));
    const onTime = shipped.find((o) => !latenessOf(o, thresholds))!;
    const [asked, neverAsked] = late;
    await runtime.engine.handle(message('notice-1', `订单 ${asked!.id}，邮箱 ${asked!.owner.email}`));
    await runtime.engine.handle(message('notice-2', `order ${onTime.id} ${onTime.owner.email}`));

    expect(await runtime.lateNotices!.onFulfilmentEvent(asked!.id)).toBe('sent');
    expect(await runtime.lateNotices!.onFulfilmentEvent(asked!.id)).toBe('already_sent');
    expect(await runtime.lateNotices!.onFulfilmentEvent(onTime.id)).toBe('not_late');
    expect(await runtime.lateNotices!.onFulfilmentEvent(neverAsked!.id)).toBe('no_conversation');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to.conversationKey).toBe('notice-1');
    expect(sent[0]!.message.text).toContain(asked!.fulfilments[0]!.trackingNumber);
    expect(sent[0]!.message.text).toMatch(/理赔/);
    // The sweep over the demo shop's parcels in transit sends nothing more.
    expect(await runtime.lateNotices!.sweep(await shop.inTransitOrderIds())).toBe(0);
  });
});
