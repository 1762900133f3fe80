import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startFakeOpenAi, type FakeOpenAiServer } from '../../testkit/fake-openai-server.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';
import { groundedModel, isSummaryRequest, readReplyPrompt, replyRequests, scriptedModel } from '../../testkit/scripted-llm.js';

/** What a customer might put in a chat, and the forms it may take on the way out. */
const personal = [
  { kind: 'PHONE', text: '13812345678', forms: ['13812345678', '138 1234 5678'] },
  { kind: 'PHONE', text: '+44 7700 900123', forms: ['7700 900123', '7700900123'] },
  { kind: 'EMAIL', text: 'jane.doe+shop@example.co.uk', forms: ['jane.doe', 'example.co.uk'] },
  { kind: 'CARD', text: '4111 1111 1111 1111', forms: ['4111 1111 1111 1111', '4111111111111111'] },
  { kind: 'CN_ID', text: '11010519491231002X', forms: ['11010519491231002X'] },
  { kind: 'ADDRESS', text: '浙江省杭州市西湖区文三路 90 号', forms: ['文三路', '西湖区'] },
  { kind: 'PHONE', text: '１３９００００１１１１', forms: ['１３９００００１１１１', '13900001111'] },
];

describe('personal data and the language model', () => {
  let server: FakeOpenAiServer;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;

  beforeAll(async () => {
    server = await startFakeOpenAi(groundedModel());
    dir = tempDir();
    // A tiny verbatim memory, so older turns go through the summariser too.
    runtime = await testRuntime(dir.path, {
      // The customer asks how long a refund takes three times on purpose (a repeated question would hand
      // the conversation over before the last turn reaches the model): this test is about redaction.
      env: {
        OPENAI_BASE_URL: server.url,
        LLM_MAX_RETRIES: '0',
        LLM_REPLY_BUDGET_MS: '20000',
        MEMORY_RECENT_TOKENS: '100',
        ESCALATION_UNANSWERED_TURNS: '10',
        ESCALATION_DISABLED_REASONS: 'repeated_question',
      },
    });
  });
  afterAll(async () => {
    await runtime.close();
    await server.close();
    dir.remove();
  });

  it('no phone, email, card, ID number or address reaches the model, in any request', async () => {
    const before = server.requests.length;
    await runtime.engine.handle(message('p1', `我的手机 ${personal[0]!.text}，邮箱 ${personal[2]!.text}，地址 ${personal[5]!.text}`));
    await runtime.engine.handle(message('p1', `身份证 ${personal[4]!.text}，卡号 ${personal[3]!.text}，备用电话 ${personal[6]!.text}`));
    await runtime.engine.handle(message('p1', `英国号码 ${personal[1]!.text}，退款多久能到账？`));
    await runtime.engine.handle(message('p1', '退款多久能到账？'));
    await runtime.engine.handle(message('p1', '银行卡退款多久能到账？我的手机 13812345678'));
    const sent = server.requests.slice(before);
    expect(replyRequests(sent).length).toBeGreaterThan(0);
    expect(sent.some(isSummaryRequest)).toBe(true);
    const everything = JSON.stringify(sent.map((r) => r.body));
    for (const item of personal) for (const form of item.forms) expect(everything, `${item.kind} ${form}`).not.toContain(form);
    const prompt = readReplyPrompt(replyRequests(sent).at(-1)!);
    expect(prompt.message).toContain('[PHONE_1]');
    // The same number is the same placeholder wherever it appears in one prompt.
    expect(prompt.history + prompt.summary).not.toContain('[PHONE_3]');
  });

  it('puts the customer’s own values back where the reply needs them', async () => {
    server.setHandler(
      scriptedModel(
        (p) => `Card refunds usually appear within 5 to 10 business days [${p.passages[0]!.id}]. We will email [EMAIL_1] when the refund is issued [${p.passages[0]!.id}].`,
      ),
    );
    const outcome = await runtime.engine.handle(message('p2', 'How long does a refund take to reach my card? My email is jane.doe+shop@example.co.uk'));
    expect(outcome.reply).toContain('We will email jane.doe+shop@example.co.uk when the refund is issued.');
    expect(JSON.stringify(server.requests.at(-1)!.body)).not.toContain('jane.doe');
  });

  it('restores a placeholder even when the stream splits it across pieces', async () => {
    server.setHandler(() => ({ chunks: ['Card refunds usually appear within 5 to 10 business days [P1]. We will call [PHO', 'NE_1] if', ' anything is missing [P1].'] }));
    const deltas: string[] = [];
    const outcome = await runtime.engine.handle(message('p3', 'How long does a refund take to reach my card? Call me on 13912345678.'), {
      onReplyDelta: (text) => deltas.push(text),
    });
    expect(deltas.join('')).toContain('We will call 13912345678 if anything is missing.');
    expect(outcome.reply).toContain('We will call 13912345678 if anything is missing.');
  });
});
