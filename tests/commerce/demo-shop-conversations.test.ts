import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoShop } from '../../src/commerce/demo-shop/demo-shop.js';
import { latenessOf } from '../../src/commerce/late-parcels.js';
import type { OrderDetail, OrderStatus } from '../../src/core/commerce.js';
import type { Runtime } from '../../src/runtime.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

let dir: ReturnType<typeof tempDir>;
let runtime: Runtime;
let shop: DemoShop;
let conversation = 0;

beforeAll(async () => {
  dir = tempDir();
  runtime = await testRuntime(dir.path);
  shop = runtime.commerce as DemoShop;
});
afterAll(async () => {
  await runtime.close();
  dir.remove();
});

async function ordersWith(status: OrderStatus): Promise<OrderDetail[]> {
  return shop.listOrders(200, status);
}

/** A new conversation that says each message in turn; returns the replies. */
async function talk(...texts: string[]) {
  const say = chat();
  const outcomes = [];
  for (const text of texts) outcomes.push(await say(text));
  return outcomes;
}

/** A new conversation, one message at a time. */
function chat() {
  const key = `order-chat-${++conversation}`;
  return (text: string) => runtime.engine.handle(message(key, text));
}

describe('the demo shop, order by order', () => {
  it('is seeded on first start with real products and generated contacts and tracking', async () => {
    const all = await shop.listOrders(500);
    expect(all.length).toBeGreaterThan(100);
    const shipped = (await ordersWith('shipped'))[0]!;
    expect(shipped.items[0]!.title).toMatch(/[A-Z]{3,}/);
    expect(shipped.owner.email).toMatch(/@example\.com$/);
    expect(shipped.fulfilments[0]!.carrier).toBeTruthy();
    expect(shipped.fulfilments[0]!.events.length).toBeGreaterThan(0);
  });

  for (const language of ['en', 'zh'] as const) {
    it(`${language}: "where is my order" with the right e-mail answers with that order's own status, items and tracking`, async () => {
      const order = (await ordersWith('shipped')).find((o) => !latenessOf(o, { noMovementDays: 5, afterShippingDays: 10 }))!;
      const f = order.fulfilments[0]!;
      const text = language === 'zh' ? `我的订单 ${order.id} 到哪了？邮箱是 ${order.owner.email}` : `Where is my order ${order.id}? My email is ${order.owner.email}`;
      const [outcome] = await talk(text);
      expect(outcome!.reply).toContain(order.items[0]!.title);
      expect(outcome!.reply).toContain(f.trackingNumber);
      expect(outcome!.reply).toContain(f.carrier);
      expect(outcome!.reply).toContain(f.events.at(-1)!.description);
      expect(outcome!.reply).toContain(language === 'zh' ? '已发货' : 'shipped');
      expect(outcome!.citations).toContainEqual({ source: `order ${order.id}`, section: `${f.carrier} ${f.trackingNumber}` });
    });

    it(`${language}: asks for the e-mail first, and another customer's e-mail reveals nothing of the order`, async () => {
      const [order, other] = await ordersWith('shipped');
      const [ask, wrong] = await talk(
        language === 'zh' ? `订单 ${order!.id} 到哪了` : `where is my order ${order!.id}`,
        language === 'zh' ? `邮箱 ${other!.owner.email}` : `it's ${other!.owner.email}`,
      );
      for (const outcome of [ask!, wrong!]) {
        expect(outcome.reply).not.toContain(order!.items[0]!.title);
        expect(outcome.reply).not.toContain(order!.fulfilments[0]!.trackingNumber);
        expect(outcome.reply).not.toContain(order!.fulfilments[0]!.carrier);
      }
      expect(ask!.reply).toMatch(language === 'zh' ? /邮箱或手机号/ : /e-mail address or phone number/);
      // The same words as for an order that does not exist.
      const [, unknown] = await talk(language === 'zh' ? '订单 999999 到哪了' : 'where is my order 999999', `${other!.owner.email}`);
      expect(wrong!.reply.replace(order!.id, 'N')).toBe(unknown!.reply.replace('999999', 'N'));
    });

    it(`${language}: a late parcel is answered with the Late or lost parcels rule, citing the order and the rule`, async () => {
      const late = (await ordersWith('shipped')).find((o) => latenessOf(o, { noMovementDays: 5, afterShippingDays: 10 }));
      expect(late, 'the demo shop has a late parcel').toBeDefined();
      const [outcome] = await talk(
        language === 'zh' ? `订单号 ${late!.id} 还没到，手机 ${late!.owner.phone}` : `order ${late!.id} still hasn't arrived, phone ${late!.owner.phone}`,
      );
      expect(outcome!.reply).toMatch(language === 'zh' ? /理赔/ : /claim with the carrier/);
      expect(outcome!.citations.map((c) => c.section)).toContain(language === 'zh' ? '快递延误或丢件' : 'Late or lost parcels');
      expect(outcome!.citations.map((c) => c.source)).toContain(`order ${late!.id}`);
    });

    it(`${language}: "cancel it" on an unshipped order asks for confirmation, then cancels it in the shop`, async () => {
      const order = (await ordersWith('paid')).filter((o) => o.total.minor <= 10_000)[language === 'zh' ? 1 : 0]!;
      const say = chat();
      const status = await say(language === 'zh' ? `订单 ${order.id} 什么时候发货？邮箱 ${order.owner.email}` : `when will order ${order.id} ship? email ${order.owner.email}`);
      const proposal = await say(language === 'zh' ? '帮我取消吧' : 'cancel it');
      expect(status.reply).toContain(order.items[0]!.title);
      expect(proposal.reply).toContain(order.id);
      expect(proposal.reply).toMatch(language === 'zh' ? /取消订单.*确认/ : /cancel order .* and refund £.* "yes" to confirm/);
      expect((await shop.getOrder(order.id))!.status).toBe('paid');
      const done = await say(language === 'zh' ? '确认' : 'yes');
      expect(done.reply).toMatch(language === 'zh' ? /已取消/ : /is cancelled/);
      const after = (await shop.getOrder(order.id))!;
      expect(after.status).toBe('cancelled');
      expect(after.refunds.at(-1)!.amount.minor).toBe(order.total.minor);
    });

    it(`${language}: a return on a delivered order creates a return request with items and reason`, async () => {
      const order = (await ordersWith('delivered')).filter((o) => o.returns.length === 0)[language === 'zh' ? 1 : 0]!;
      const say = chat();
      await say(language === 'zh' ? `订单 ${order.id}，邮箱 ${order.owner.email}` : `order ${order.id}, email ${order.owner.email}`);
      const proposal = await say(language === 'zh' ? '东西坏了，我要退货' : 'it arrived damaged, I want to return it');
      expect(proposal.reply).toContain(order.items[0]!.title);
      expect((await shop.getOrder(order.id))!.returns).toHaveLength(0);
      const done = await say(language === 'zh' ? '确认' : 'yes');
      const returns = (await shop.getOrder(order.id))!.returns;
      expect(done.reply).toContain(returns[0]?.id ?? 'a return id');
      expect(returns[0]!.reason).toBe('Damaged');
      expect(returns[0]!.items.map((i) => i.title)).toEqual(order.items.map((i) => i.title));
    });
  }

  it('a policy question that only mentions an order number is answered from the policy', async () => {
    const order = (await ordersWith('delivered'))[0]!;
    const [outcome] = await talk(`Is store credit available straight away for order ${order.id}?`);
    expect(outcome!.reply).not.toMatch(/e-mail address or phone number/);
    expect(outcome!.citations.map((c) => c.source)).not.toContain(`order ${order.id}`);
  });

  it('"no" leaves the order as it was, and an unshipped order only changes on a yes', async () => {
    const order = (await ordersWith('packing'))[0]!;
    const [, , declined] = await talk(`order ${order.id} ${order.owner.email}`, 'please cancel it', 'no');
    expect(declined!.reply).toMatch(/haven't changed anything/);
    expect((await shop.getOrder(order.id))!.status).toBe('packing');
  });

  it('a shipped order cannot be cancelled, and nothing is proposed', async () => {
    const order = (await ordersWith('shipped'))[2]!;
    const [, refused, yes] = await talk(`order ${order.id} ${order.owner.email}`, 'cancel it', 'yes');
    expect(refused!.reply).toMatch(/can no longer be cancelled/);
    expect(yes!.reply).not.toMatch(/cancelled/);
    expect((await shop.getOrder(order.id))!.status).toBe('shipped');
  });

  it('rate-limits attempts per order: guessing e-mails from many conversations stops after the limit', async () => {
    const order = (await ordersWith('delivered'))[5]!;
    const replies: string[] = [];
    for (let i = 0; i < 6; i++) replies.push((await talk(`order ${order.id} guess${i}@example.org`))[0]!.reply);
    expect(replies[0]).toMatch(/couldn't find/);
    expect(replies.at(-1)).toMatch(/too many attempts/);
    // Even the right e-mail is refused for now: the order is locked, not the guesser.
    const [right] = await talk(`order ${order.id} ${order.owner.email}`);
    expect(right!.reply).toMatch(/too many attempts/);
    expect(right!.reply).not.toContain(order.items[0]!.title);
  });
});

describe('actions that need staff', () => {
  it('a refund above the approval amount is prepared for staff; one click approves it, the shop cancels and the customer is told', async () => {
    const big = (await ordersWith('paid')).concat(await ordersWith('packing')).find((o) => o.total.minor > 10_000)!;
    const say = chat();
    await say(`order ${big.id} ${big.owner.email}`);
    const prepared = await say('please cancel it');
    expect(prepared.reply).toMatch(/prepared this for a colleague to approve: cancel order/);
    expect(prepared.escalated).toBe(true);
    expect((await shop.getOrder(big.id))!.status).not.toBe('cancelled');

    const [action] = (await runtime.staffApproval!.pending()).filter((a) => a.orderId === big.id);
    expect(action).toMatchObject({ kind: 'cancel', status: 'awaiting_staff' });
    const approved = await runtime.staffApproval!.approve(action!.id, { id: 'U1', name: 'Dana' });
    expect(approved.kind).toBe('done');
    expect((await shop.getOrder(big.id))!.status).toBe('cancelled');
    // A second click does nothing.
    expect((await runtime.staffApproval!.approve(action!.id, { id: 'U1', name: 'Dana' })).kind).toBe('not_pending');
    const conversationId = action!.conversationId;
    const told = await runtime.store.messages.recent(conversationId, 1);
    expect(told[0]!.text).toMatch(new RegExp(`order ${big.id} is cancelled`));
  });

  it('an angry customer asking to cancel gets the hand-over, and staff find the cancellation prepared', async () => {
    const order = (await ordersWith('paid')).filter((o) => o.total.minor <= 10_000)[3]!;
    const [outcome] = await talk(`This is a disgrace, I'm furious!! Cancel order ${order.id} now, ${order.owner.email}`);
    expect(outcome!.escalated).toBe(true);
    expect(outcome!.reply).not.toContain(order.items[0]!.title);
    const prepared = (await runtime.staffApproval!.pending()).find((a) => a.orderId === order.id);
    expect(prepared).toMatchObject({ kind: 'cancel', status: 'awaiting_staff' });
    expect((await shop.getOrder(order.id))!.status).toBe('paid');
  });
});
