import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoShop } from '../../src/commerce/demo-shop/demo-shop.js';
import type { OrderDetail } from '../../src/core/commerce.js';
import type { Runtime } from '../../src/runtime.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

let dir: ReturnType<typeof tempDir>;
let runtime: Runtime;
let shop: DemoShop;
let conversation = 0;

beforeAll(async () => {
  dir = tempDir();
  runtime = await testRuntime(dir.path, { env: { RECOMMENDATIONS: 'true' } });
  shop = runtime.commerce as DemoShop;
  // Learning takes a few seconds; conversations never wait for it, so the test does.
  expect(await runtime.recommendations!.ready()).not.toBeNull();
}, 60_000);
afterAll(async () => {
  await runtime.close();
  dir.remove();
});

function chat() {
  const key = `recommend-chat-${++conversation}`;
  return (text: string) => runtime.engine.handle(message(key, text));
}

const suggestionLine = { en: /You might also like (.+) \(£[\d.,]+\): (.+)\. Reply "no recommendations"/, zh: /顺便推荐：(.+)（£[\d.,]+），(.+)。不需要推荐请回复「不要推荐」/ };
const policyQuestion = { en: 'How many days do I have to return an item?', zh: '退货期限是多少天？' };
const anotherPolicyQuestion = { en: 'How do I start a return?', zh: '怎么申请退货？' };

/** The customer's own products, from every order the shop has for them. */
async function productsOf(order: OrderDetail): Promise<string[]> {
  const orders = await shop.findOrders({ customerId: order.owner.customerId }, 50);
  const details = await Promise.all(orders.map((o) => shop.getOrder(o.id)));
  return details.flatMap((d) => d?.items.map((i) => i.title) ?? []);
}

describe('a product suggestion after a solved question', () => {
  for (const language of ['en', 'zh'] as const) {
    it(`${language}: after the order question is answered, one suggestion saying which of the customer's products it goes with`, async () => {
      const orders = await shop.listOrders(200, 'shipped');
      let shown = null;
      for (const order of orders.slice(0, 20)) {
        const outcome = await chat()(
          language === 'zh' ? `我的订单 ${order.id} 到哪了？邮箱是 ${order.owner.email}` : `Where is my order ${order.id}? My email is ${order.owner.email}`,
        );
        const match = suggestionLine[language].exec(outcome.reply);
        const reason = match?.[2] ?? '';
        const withYour = language === 'zh' ? /(?:常与|与)您买过的「(.+)」(?:一起购买|相似)/.exec(reason) : /(?:often bought with|similar to) your (.+)/.exec(reason);
        if (!withYour) continue;
        shown = { order, outcome, suggested: match![1]!, because: withYour[1]! };
        break;
      }
      expect(shown, "a shipped order whose answer carries a suggestion naming one of the customer's products").not.toBeNull();
      const { order, outcome, suggested, because } = shown!;
      // The order answer is all there, and the suggestion comes after it.
      expect(outcome.reply).toContain(order.fulfilments[0]!.trackingNumber);
      expect(outcome.reply.indexOf(order.fulfilments[0]!.trackingNumber)).toBeLessThan(outcome.reply.indexOf(suggested));
      const owned = await productsOf(order);
      // The reason names a product this customer really bought; the suggestion is something new to them.
      expect(owned).toContain(because);
      expect(owned).not.toContain(suggested);
      expect(outcome.escalated).toBe(false);
    });

    it(`${language}: a policy answer to a calm customer carries one suggestion, and only once per conversation`, async () => {
      const say = chat();
      const first = await say(policyQuestion[language]);
      expect(first.replyKind).toBe('answer');
      expect(first.reply).toMatch(suggestionLine[language]);
      expect(first.reply.match(new RegExp(suggestionLine[language].source, 'g'))).toHaveLength(1);
      const second = await say(anotherPolicyQuestion[language]);
      expect(second.replyKind).toBe('answer');
      expect(second.reply).not.toMatch(suggestionLine[language]);
    });
  }
});

describe('no suggestion when it does not fit', () => {
  it('never to an angry customer, even once the answer is given', async () => {
    const say = chat();
    const angry = await say('This is absolutely ridiculous, your service is terrible and useless. How many days do I have to return an item?');
    expect(angry.sentiment.label).toBe('negative');
    expect(angry.reply).not.toMatch(suggestionLine.en);
    // Calmer afterwards, the conversation still had an unhappy customer in it.
    const calm = await say(policyQuestion.en);
    expect(calm.reply).not.toMatch(suggestionLine.en);
  });

  it('never to a customer being handed to staff', async () => {
    const say = chat();
    const handed = await say('I want to speak to a human agent now');
    expect(handed.escalated).toBe(true);
    expect(handed.reply).not.toMatch(suggestionLine.en);
    expect(handed.reply).not.toMatch(suggestionLine.zh);
  });

  for (const [language, optOut] of [
    ['en', 'no recommendations please'],
    ['en', "Please don't suggest products to me"],
    ['zh', '不要推荐'],
    ['zh', '以后别再给我推荐了'],
  ] as const) {
    it(`${language}: "${optOut}" is acknowledged and remembered for the rest of the conversation`, async () => {
      const say = chat();
      const ack = await say(optOut);
      expect(ack.reply).toMatch(language === 'zh' ? /不会再向您推荐/ : /won't suggest any products/);
      for (const question of [policyQuestion[language], anotherPolicyQuestion[language]]) {
        const later = await say(question);
        expect(later.replyKind).toBe('answer');
        expect(later.reply).not.toMatch(suggestionLine[language]);
      }
    });
  }

  it('an opt-out inside a question: the question is answered, without a suggestion', async () => {
    const say = chat();
    const outcome = await say('How many days do I have to return an item? And no recommendations, thanks.');
    expect(outcome.replyKind).toBe('answer');
    expect(outcome.reply).not.toMatch(/won't suggest any products/);
    expect(outcome.reply).not.toMatch(suggestionLine.en);
  });
});
