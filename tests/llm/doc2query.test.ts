import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { startFakeOpenAi, type FakeOpenAiServer, type RecordedRequest } from '../../testkit/fake-openai-server.js';
import { deferred, tempDir, testRuntime } from '../../testkit/runtime.js';

const token = 'doc2query-admin-token-42';
const giftPolicy = `# Gifts

## Gift wrapping and gift notes
We gift-wrap any order for $4.50 per parcel. Add a gift note of up to 200 characters at checkout. Questions: gifts@shop.example.

## Gift receipts
A gift receipt shows no prices and lets the recipient exchange the item within 60 days.

## Corporate gifts
Orders of 25 or more gifts get a 10% discount; our business team quotes within two working days.
`;

const isDoc2Query = (request: RecordedRequest) => request.messages.some((m) => m.role === 'system' && m.content.includes('questions shoppers send'));
const passageOf = (request: RecordedRequest) => request.messages.find((m) => m.role === 'user')?.content ?? '';

describe('doc2query: the model writes the questions each new passage answers', { timeout: 120_000 }, () => {
  let model: FakeOpenAiServer;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;

  beforeAll(async () => {
    model = await startFakeOpenAi();
  });
  afterAll(() => model.close());
  afterEach(async () => {
    await server?.close();
    await runtime?.close();
    dir?.remove();
  });

  async function start(env: Record<string, string> = {}) {
    dir = tempDir();
    const metrics = createMetrics();
    runtime = await testRuntime(dir.path, {
      observer: metrics.observer,
      env: { OPENAI_BASE_URL: model.url, LLM_MAX_RETRIES: '0', KB_DOC2QUERY: 'true', KB_DOC2QUERY_MAX_PASSAGES: '2', ADMIN_TOKEN: token, ...env },
    });
    server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
  }

  const upload = (name: string, body: string) => fetch(`${server.url}/admin/api/kb/documents/${name}`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body });

  it('indexes them with the passage after the upload was answered, bounded, with personal data kept from the model', async () => {
    const release = deferred();
    model.setHandler(async (request) => {
      if (!isDoc2Query(request)) return { content: '{}' };
      await release.promise;
      return passageOf(request).includes('gift-wrap')
        ? { content: "1. Can you make it look nice for my mum's birthday?\n2. Is there a charge for a card with a message?\nHere are more:" }
        : { content: '- Will the person I send it to see what I paid?' };
    });
    await start();
    const before = model.requests.length;
    const asked = "Can you make it look nice for my mum's birthday?";

    // The upload is answered while the model is still writing: doc2query is off the request path.
    const response = await upload('gifts.md', giftPolicy);
    expect(response.status).toBe(201);
    const ingested = ((await response.json()) as { version: string }).version;
    expect(runtime.knowledge.version).toBe(ingested);
    const offline = await runtime.knowledge.search(asked, { k: 3, language: 'en' });
    expect(offline[0]?.source).not.toBe('gifts.md');

    release.resolve();
    await runtime.background.drain();
    expect(runtime.knowledge.version).not.toBe(ingested);
    const calls = model.requests.slice(before).filter(isDoc2Query);
    // Three passages, a cap of two.
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(passageOf(call)).not.toContain('gifts@shop.example');
    }
    expect(calls.some((call) => passageOf(call).includes('[EMAIL_1]'))).toBe(true);

    const wrapping = runtime.knowledge.chunks().find((c) => c.section === 'Gift wrapping and gift notes')!;
    expect(wrapping.modelPhrasings).toEqual([asked, 'Is there a charge for a card with a message?']);
    expect(wrapping.phrasings).toBeUndefined();
    const corporate = runtime.knowledge.chunks().find((c) => c.section === 'Corporate gifts')!;
    expect(corporate.modelPhrasings).toBeUndefined();

    const found = await runtime.knowledge.search(asked, { k: 3, language: 'en' });
    expect(found[0]).toMatchObject({ source: 'gifts.md', section: 'Gift wrapping and gift notes' });
    // The passage is quoted as written: the questions are for finding it, not for answering.
    expect(found[0]!.text).not.toContain('birthday');
  });

  it('leaves the passages with their own words when the model fails, and the upload succeeds', async () => {
    model.setHandler((request) => (isDoc2Query(request) ? { status: 500 } : { content: '{}' }));
    await start();
    const before = model.requests.length;
    const response = await upload('gifts.md', giftPolicy);
    expect(response.status).toBe(201);
    const ingested = ((await response.json()) as { version: string }).version;
    await runtime.background.drain();
    expect(model.requests.slice(before).filter(isDoc2Query).length).toBeGreaterThan(0);
    expect(runtime.knowledge.version).toBe(ingested);
    expect(
      runtime.knowledge
        .chunks()
        .filter((c) => c.documentId === 'gifts.md')
        .every((c) => c.modelPhrasings === undefined),
    ).toBe(true);
    const found = await runtime.knowledge.search('How much is gift wrapping?', { k: 3, language: 'en' });
    expect(found[0]).toMatchObject({ source: 'gifts.md', section: 'Gift wrapping and gift notes' });
  });
});
