import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoShop } from '../../src/commerce/demo-shop/demo-shop.js';
import type { SlackCall } from '../../testkit/fake-slack-server.js';
import { startSlackHarness, staffUsers, type SlackHarness } from '../../testkit/slack-harness.js';
import { dmEvent, eventEnvelope, nextTs, postButtonClick, postEvent, staffChannel } from '../../testkit/slack-requests.js';

const buttonsOf = (call: SlackCall) =>
  ((call.args.blocks as Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>) ?? [])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? []);

describe('a prepared order action approved with one click in Slack', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(() => h.close());

  it('shows Approve on the escalation card; the click cancels the order in the shop and tells the customer', async () => {
    const shop = h.runtime.commerce as DemoShop;
    const order = (await shop.listOrders(200, 'paid')).find((o) => o.total.minor > 10_000)!;
    const dm = 'DORDER0001';
    const customer = 'UCUSTORDER';
    const say = async (words: string) => expect((await postEvent(h.url, eventEnvelope(dmEvent(customer, dm, words, nextTs())))).status).toBe(200);
    const toCustomer = (pattern: RegExp) => h.slack.waitFor('chat.postMessage', (call) => call.args.channel === dm && pattern.test(String(call.args.text ?? '')));

    await say(`order ${order.id} ${order.owner.email}`);
    await toCustomer(new RegExp(order.items[0]!.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await say('please cancel it');
    await toCustomer(/prepared this for a colleague to approve/);

    const card = await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === staffChannel && !call.args.thread_ts);
    const approve = buttonsOf(card).find((b) => b.action_id === 'order_action_approve');
    expect(approve, 'the card has an Approve button').toBeDefined();
    expect(JSON.stringify(card.args.blocks)).toContain(`cancel order ${order.id}`);

    expect((await postButtonClick(h.url, { actionId: 'order_action_approve', value: approve!.value!, user: staffUsers.alex.id, messageTs: String(card.response.ts) })).status).toBe(
      200,
    );
    await toCustomer(new RegExp(`order ${order.id} is cancelled`));
    expect((await shop.getOrder(order.id))!.status).toBe('cancelled');
    await h.slack.waitFor('chat.postEphemeral', (call) => call.args.user === staffUsers.alex.id && /Done:/.test(String(call.args.text)));
  });
});
