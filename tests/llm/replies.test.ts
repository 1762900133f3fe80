import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startFakeOpenAi, type FakeOpenAiServer } from '../../testkit/fake-openai-server.js';
import { message, repoRoot, tempDir, testRuntime } from '../../testkit/runtime.js';
import { groundedModel, idOf, readReplyPrompt, replyRequests, scriptedModel } from '../../testkit/scripted-llm.js';

/** The analytics event the reply stage records for a turn: which responder answered and why. */
async function replyTrace(runtime: Runtime, messageId: string): Promise<Record<string, unknown>> {
  const db = (runtime.store as unknown as { db: import('better-sqlite3').Database }).db;
  const rows = db.prepare(`SELECT data FROM events WHERE type = 'reply' ORDER BY id`).all() as Array<{ data: string }>;
  const entry = await runtime.store.inbox.get('test', messageId);
  expect(entry?.status).toBe('done');
  return JSON.parse(rows.at(-1)!.data) as Record<string, unknown>;
}

describe('replies written by a language model', () => {
  let server: FakeOpenAiServer;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;

  beforeAll(async () => {
    server = await startFakeOpenAi(groundedModel());
  });
  afterAll(() => server.close());
  afterEach(async () => {
    await runtime?.close();
    dir?.remove();
  });

  async function start(env: Record<string, string> = {}) {
    dir = tempDir();
    runtime = await testRuntime(dir.path, {
      env: { OPENAI_BASE_URL: server.url, LLM_MAX_RETRIES: '0', LLM_REPLY_BUDGET_MS: '20000', ...env },
    });
    return runtime;
  }

  it('answers a question from the passage that supports it, citing it', async () => {
    server.setHandler(groundedModel());
    await start();
    const before = server.requests.length;
    const outcome = await runtime.engine.handle(message('r1', 'How long does a refund take to reach my card?'));
    expect(outcome).toMatchObject({ replyKind: 'answer', language: 'en', escalated: false });
    expect(outcome.reply).toContain('5 to 10 business days');
    expect(outcome.reply).not.toMatch(/\[P\d\]/);
    expect(outcome.reply).toMatch(/Source: refunds\.md § How long a refund takes to reach you$/);
    expect(outcome.citations).toEqual([{ source: 'refunds.md', section: 'How long a refund takes to reach you' }]);

    const sent = replyRequests(server.requests.slice(before));
    expect(sent).toHaveLength(1);
    const prompt = readReplyPrompt(sent[0]!);
    expect(sent[0]!.messages[0]!.role).toBe('system');
    expect(prompt.system).toContain('NO_ANSWER');
    // The passage that answers comes first; the others the retriever found follow with their own ids.
    expect(prompt.passages[0]).toMatchObject({ id: 'P1', source: 'refunds.md', section: 'How long a refund takes to reach you' });
    expect(prompt.passages.map((p) => p.id)).toEqual(prompt.passages.map((_, i) => `P${i + 1}`));
    expect(prompt.message).toBe('How long does a refund take to reach my card?');
  });

  it('answers in Chinese from the Chinese passage', async () => {
    server.setHandler(groundedModel());
    await start();
    const outcome = await runtime.engine.handle(message('r2', '退款多久能到账？'));
    expect(outcome).toMatchObject({ replyKind: 'answer', language: 'zh' });
    expect(outcome.reply).toContain('5 至 10 个工作日');
    expect(outcome.reply).toContain('来源：refunds.md § 退款多久到账');
    expect(outcome.citations).toEqual([{ source: 'refunds.md', section: '退款多久到账' }]);
    expect(readReplyPrompt(replyRequests(server.requests).at(-1)!).system).toContain('用简体中文回复');
  });

  it('says it does not know, rather than invent a policy, when the passages do not answer', async () => {
    server.setHandler(scriptedModel(() => 'NO_ANSWER'));
    await start();
    const first = await runtime.engine.handle(message('r3', 'Can my refund be paid out in bitcoin?'));
    expect(first).toMatchObject({ replyKind: 'no_answer', citations: [], escalated: false });
    expect(first.reply).toContain("I'd rather not guess");
    // Still not answerable, and the customer is calm: a colleague is offered, one word away.
    const second = await runtime.engine.handle(message('r3', 'So can the refund go to my bitcoin wallet?'));
    expect(second).toMatchObject({ replyKind: 'no_answer', escalated: false });
    expect(second.reply).toContain('"agent"');
  });

  it('does not ask the model at all when no passage was found', async () => {
    server.setHandler(groundedModel());
    await start();
    const before = server.requests.length;
    // (Not "Can I pay with bitcoin?" any more: the payment-methods rule now answers that, which is what a customer wants.)
    const outcome = await runtime.engine.handle(message('r4', 'Tell me a joke about cats'));
    expect(outcome).toMatchObject({ replyKind: 'no_answer', citations: [] });
    expect(replyRequests(server.requests.slice(before))).toHaveLength(0);
  });

  it('ignores passage ids the model invents', async () => {
    server.setHandler(scriptedModel((p) => `Card refunds usually appear within 5 to 10 business days [${p.passages[0]!.id}][P9].`));
    await start();
    const id = `inv-${Date.now()}`;
    const outcome = await runtime.engine.handle(message('r5', 'How long does a refund take to reach my card?', { messageId: id }));
    expect(outcome.citations).toEqual([{ source: 'refunds.md', section: 'How long a refund takes to reach you' }]);
    expect(await replyTrace(runtime, id)).toMatchObject({ inventedIds: ['P9'], citedIds: ['P1'] });
  });

  it('falls back to the passage answer when the model cites nothing', async () => {
    server.setHandler(scriptedModel(() => 'Refunds are quick, usually a few days.'));
    await start();
    const id = `unc-${Date.now()}`;
    const outcome = await runtime.engine.handle(message('r6', 'How long does a refund take to reach my card?', { messageId: id }));
    expect(outcome.reply).toMatch(/^Here is what our policy says:/);
    expect(outcome.reply).toContain('5 to 10 business days');
    expect(await replyTrace(runtime, id)).toMatchObject({ fallback: 'ungrounded' });
  });
});

describe('the commitment guard in a conversation', () => {
  let server: FakeOpenAiServer;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let knowledge: string;

  beforeAll(async () => {
    server = await startFakeOpenAi();
    // The acceptance case exactly: the policy says 7 days.
    knowledge = join(tempDir('aftercare-kb-').path, 'knowledge');
    mkdirSync(join(knowledge, 'en'), { recursive: true });
    cpSync(join(repoRoot, 'knowledge/zh'), join(knowledge, 'zh'), { recursive: true });
    writeFileSync(
      join(knowledge, 'en/refunds.md'),
      '---\ntitle: Refunds\nlanguage: en\n---\n# Refunds\n\n## Refund time\nOnce your return reaches our warehouse, we refund you within 7 days to your original payment method.\n',
    );
  });
  afterAll(() => server.close());
  afterEach(async () => {
    await runtime?.close();
    dir?.remove();
  });

  async function start(env: Record<string, string> = {}) {
    dir = tempDir();
    runtime = await testRuntime(dir.path, {
      env: { OPENAI_BASE_URL: server.url, LLM_MAX_RETRIES: '0', KNOWLEDGE_DIR: knowledge, LLM_REPLY_BUDGET_MS: '20000', ...env },
    });
  }

  it('catches "we will refund you within 3 days" when the passage says 7 days, and answers from the policy instead', async () => {
    server.setHandler(scriptedModel((p) => `We will refund you within 3 days [${p.passages[0]!.id}].`));
    await start();
    const id = `g1-${Date.now()}`;
    const outcome = await runtime.engine.handle(message('g1', 'When will I get my refund?', { messageId: id }));
    expect(outcome.reply).not.toContain('3 days');
    expect(outcome.reply).toContain('within 7 days');
    expect(outcome).toMatchObject({ replyKind: 'answer', citations: [{ source: 'refunds.md', section: 'Refund time' }] });
    const trace = await replyTrace(runtime, id);
    expect(trace).toMatchObject({ fallback: 'guard_removed_everything' });
    expect(JSON.stringify(trace.removed)).toContain('\\"3 days\\" is not in the cited policy (it says 7 days)');
  });

  it('with COMMITMENT_GUARD_ACTION=escalate, hands the conversation to staff and records why', async () => {
    server.setHandler(scriptedModel((p) => `We will refund you within 3 days [${p.passages[0]!.id}].`));
    await start({ COMMITMENT_GUARD_ACTION: 'escalate' });
    const outcome = await runtime.engine.handle(message('g2', 'When will I get my refund?'));
    expect(outcome).toMatchObject({ replyKind: 'escalation_ack', escalated: true, escalationReasons: ['unsupported_commitment'] });
    expect(outcome.reply).not.toContain('3 days');
    expect(outcome.reply).toContain('asked a colleague');
    const conversation = await runtime.store.conversations.findByKey('test', 'g2');
    const escalation = await runtime.store.escalations.open(conversation!.id);
    expect(escalation?.reasons).toEqual(['unsupported_commitment']);
    expect(escalation?.evidence.join(' ')).toContain('"3 days" is not in the cited policy');
  });

  it('keeps the supported sentences and drops an invented compensation', async () => {
    server.setHandler(
      scriptedModel(
        (p) =>
          `We refund you within 7 days of your return reaching our warehouse [${p.passages[0]!.id}]. As an apology we will also give you a $20 voucher [${p.passages[0]!.id}].`,
      ),
    );
    await start();
    const id = `g3-${Date.now()}`;
    const outcome = await runtime.engine.handle(message('g3', 'When will I get my refund?', { messageId: id }));
    expect(outcome.reply).toBe('We refund you within 7 days of your return reaching our warehouse.\n\nSource: refunds.md § Refund time');
    const trace = await replyTrace(runtime, id);
    expect(trace.removed).toEqual([
      {
        sentence: 'As an apology we will also give you a $20 voucher.',
        problems: ['compensation ("As an apology") is not in the cited policy', '"$20" is not in the cited policy'],
      },
    ]);
  });

  it('catches a Chinese reply that promises 三天 when the passage says 5 至 10 个工作日', async () => {
    server.setHandler(scriptedModel((p) => `您的退款会在三天内到账[${p.passages[0]!.id}]。`));
    await start();
    const outcome = await runtime.engine.handle(message('g4', '退款多久能到账？'));
    expect(outcome.reply).not.toContain('三天');
    expect(outcome.reply).toContain('5 至 10 个工作日');
    expect(outcome.citations[0]).toMatchObject({ source: 'refunds.md', section: '退款多久到账' });
  });

  it('accepts the same facts written with Chinese numerals and full-width digits', async () => {
    server.setHandler(scriptedModel((p) => `银行卡退款一般在五至十个工作日内到账，支付宝一般１至３个工作日到账[${idOf(p, 'refunds.md', '退款多久到账')}]。`));
    await start();
    const outcome = await runtime.engine.handle(message('g5', '退款多久能到账？'));
    expect(outcome.reply).toContain('银行卡退款一般在五至十个工作日内到账，支付宝一般１至３个工作日到账。');
  });
});
