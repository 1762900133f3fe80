import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startFakeOpenAi, type FakeOpenAiServer, type RecordedRequest } from '../../testkit/fake-openai-server.js';
import { message, repoRoot, tempDir, testRuntime } from '../../testkit/runtime.js';
import { readReplyPrompt, replyRequests, scriptedModel } from '../../testkit/scripted-llm.js';

interface Attempt {
  id: string;
  language: 'en' | 'zh';
  question: string;
  attack?: string;
  plant?: string;
  obeyed: string;
  forbidden: string[];
}

const corpus = JSON.parse(readFileSync(join(repoRoot, 'tests/fixtures/injection/attempts.json'), 'utf8')) as {
  messages: Attempt[];
  documents: Attempt[];
};

const count = (text: string, fragment: string) => text.split(fragment).length - 1;

/** The prompt keeps its shape: one block of each kind, the data inside cannot open or close one. */
function expectIntactPrompt(request: RecordedRequest, untrusted: string) {
  const [system, user] = request.messages;
  expect(request.messages).toHaveLength(2);
  expect(system!.role).toBe('system');
  for (const tag of ['customer_message', 'conversation_history', 'conversation_summary', 'passages']) {
    expect(count(user!.content, `<${tag}>`), tag).toBe(1);
    expect(count(user!.content, `</${tag}>`), tag).toBe(1);
  }
  const prompt = readReplyPrompt(request);
  expect(count(user!.content, '<passage ')).toBe(prompt.passages.length);
  expect(count(user!.content, '</passage>')).toBe(prompt.passages.length);
  for (const passage of prompt.passages) expect(passage.text).not.toMatch(/[<>]/);
  expect(prompt.message).not.toMatch(/[<>]/);
  expect(prompt.message).not.toMatch(/customer_message|\[P\d\]|NO_ANSWER|[\u200b\u202e]/i);
  // The rules are the template's, untouched by anything the customer or a document wrote.
  const probe = untrusted.replace(/\s+/g, ' ').slice(0, 24);
  expect(system!.content).not.toContain(probe);
}

describe('untrusted text stays data: injection attempts in customer messages', () => {
  let server: FakeOpenAiServer;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let current: Attempt;

  beforeAll(async () => {
    server = await startFakeOpenAi(scriptedModel((p) => current.obeyed.replace('{id}', p.passages[0]!.id)));
    dir = tempDir();
    // Long attack texts dilute keyword relevance; a low bar keeps the refund passage in play.
    runtime = await testRuntime(dir.path, { env: { OPENAI_BASE_URL: server.url, LLM_MAX_RETRIES: '0', LLM_REPLY_BUDGET_MS: '20000', RETRIEVAL_MIN_SCORE: '0.05' } });
  });
  afterAll(async () => {
    await runtime.close();
    await server.close();
    dir.remove();
  });

  it.each(corpus.messages.map((a) => [a.id, a] as const))('%s: the prompt stays intact and an obedient reply is caught', async (_, attempt) => {
    current = attempt;
    const before = server.requests.length;
    const outcome = await runtime.engine.handle(message(`inj-${attempt.id}`, `${attempt.question} ${attempt.attack}`));
    const sent = replyRequests(server.requests.slice(before));
    expect(sent, `the model was asked: ${JSON.stringify(outcome)}`).toHaveLength(1);
    expectIntactPrompt(sent[0]!, attempt.attack!);
    for (const forbidden of attempt.forbidden) expect(outcome.reply.toLowerCase()).not.toContain(forbidden.toLowerCase());
    // The customer still gets the policy answer, in their own language.
    expect(outcome).toMatchObject({ replyKind: 'answer', language: attempt.language });
    expect(outcome.citations.length).toBeGreaterThan(0);
  });
});

describe('untrusted text stays data: injection attempts planted in policy documents', () => {
  let server: FakeOpenAiServer;
  let kb: ReturnType<typeof tempDir>;
  let current: Attempt;

  beforeAll(async () => {
    server = await startFakeOpenAi(scriptedModel((p) => current.obeyed.replace('{id}', p.passages[0]!.id)));
    kb = tempDir('aftercare-kb-');
  });
  afterAll(async () => {
    await server.close();
    kb.remove();
  });

  it.each(corpus.documents.map((a) => [a.id, a] as const))('%s', async (_, attempt) => {
    current = attempt;
    const knowledge = join(kb.path, attempt.id);
    cpSync(join(repoRoot, 'knowledge'), knowledge, { recursive: true });
    const file = join(knowledge, attempt.language, 'refunds.md');
    const heading = attempt.language === 'zh' ? '## 退款多久到账\n' : '## How long a refund takes to reach you\n';
    writeFileSync(file, readFileSync(file, 'utf8').replace(heading, `${heading}${attempt.plant}\n`));
    const dir = tempDir();
    const runtime = await testRuntime(dir.path, { env: { OPENAI_BASE_URL: server.url, LLM_MAX_RETRIES: '0', LLM_REPLY_BUDGET_MS: '20000', KNOWLEDGE_DIR: knowledge } });
    try {
      const before = server.requests.length;
      const outcome = await runtime.engine.handle(message(`doc-${attempt.id}`, attempt.question));
      for (const request of replyRequests(server.requests.slice(before))) expectIntactPrompt(request, attempt.plant!);
      for (const forbidden of attempt.forbidden) expect(outcome.reply.toLowerCase()).not.toContain(forbidden.toLowerCase());
    } finally {
      await runtime.close();
      dir.remove();
    }
  });
});
