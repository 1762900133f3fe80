import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { actionClaimsIn } from '../../src/llm/guard/action-claims.js';
import { startFakeOpenAi, type FakeOpenAiServer } from '../../testkit/fake-openai-server.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';
import { idOf, scriptedModel } from '../../testkit/scripted-llm.js';

/** A model that claims the refund is done, then states the policy correctly. */
const claimsRefund = scriptedModel((prompt) => {
  const id = idOf(prompt, 'refunds.md', 'How long a refund takes to reach you');
  return `I've refunded you [${id}]. Card refunds usually appear on your statement within 5 to 10 business days [${id}].`;
});

describe('the commitment guard checks action claims against the action log', () => {
  let server: FakeOpenAiServer;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;

  beforeAll(async () => {
    server = await startFakeOpenAi(claimsRefund);
  });
  afterAll(() => server.close());
  afterEach(async () => {
    await runtime?.close();
    dir?.remove();
  });

  async function start(env: Record<string, string> = {}) {
    dir = tempDir();
    runtime = await testRuntime(dir.path, { env: { OPENAI_BASE_URL: server.url, LLM_MAX_RETRIES: '0', LLM_REPLY_BUDGET_MS: '20000', ...env } });
    return runtime;
  }

  it('removes "I\'ve refunded you" when no refund is in the action log, keeping the policy sentence', async () => {
    await start();
    const outcome = await runtime.engine.handle(message('claims-1', 'How long does a refund take to reach my card?'));
    expect(outcome.reply).not.toMatch(/refunded you/i);
    expect(outcome.reply).toContain('5 to 10 business days');
    expect(outcome.escalated).toBe(false);
  });

  it('escalates instead when the guard is set to escalate', async () => {
    await start({ COMMITMENT_GUARD_ACTION: 'escalate' });
    const outcome = await runtime.engine.handle(message('claims-2', 'How long does a refund take to reach my card?'));
    expect(outcome.reply).not.toMatch(/refunded you/i);
    expect(outcome.escalated).toBe(true);
    expect(outcome.escalationReasons).toContain('unsupported_commitment');
    const escalation = await runtime.store.escalations.open((await runtime.store.conversations.findByKey('test', 'claims-2'))!.id);
    expect(escalation!.evidence.join(' ')).toMatch(/no refund was done for this conversation/);
  });

  it('lets the claim stand once the shop really refunded in this conversation', async () => {
    await start();
    const conversation = await runtime.store.conversations.getOrCreate({ channel: 'test', conversationKey: 'claims-3', userId: 'user-claims-3' });
    const action = await runtime.store.orderActions.create({
      conversationId: conversation.id,
      orderId: '562039',
      kind: 'cancel',
      description: 'cancel order 562039 and refund £54.90',
      params: {},
      status: 'proposed',
    });
    await runtime.store.orderActions.transition(action.id, 'proposed', 'done', { result: { ok: true }, decidedBy: 'customer' });
    const outcome = await runtime.engine.handle(message('claims-3', 'How long does a refund take to reach my card?'));
    expect(outcome.reply).toMatch(/I've refunded you/);
  });

  it('reads claims in both languages, and not promises or policy', () => {
    expect(actionClaimsIn("I've refunded you.").map((c) => c.action)).toEqual(['refund']);
    expect(actionClaimsIn('Your order has been cancelled.').map((c) => c.action)).toEqual(['cancel']);
    expect(actionClaimsIn('已为您办理退款。').map((c) => c.action)).toEqual(['refund']);
    expect(actionClaimsIn('您的订单已取消。').map((c) => c.action)).toEqual(['cancel']);
    expect(actionClaimsIn('退货申请已提交。').map((c) => c.action)).toEqual(['return']);
    expect(actionClaimsIn('If you cancel before it ships, we refund the full amount within 1 business day.')).toEqual([]);
    expect(actionClaimsIn('Refunds are issued the same day the inspection is complete.')).toEqual([]);
    expect(actionClaimsIn('We will email you when the refund is issued.')).toEqual([]);
    expect(actionClaimsIn('Your refund has been issued.').map((c) => c.action)).toEqual(['refund']);
    expect(actionClaimsIn('发货前取消订单的，我们会在 1 个工作日内全额退款。')).toEqual([]);
  });
});
