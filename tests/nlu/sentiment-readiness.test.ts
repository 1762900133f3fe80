import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeSchema } from '../../src/domain/schemas.js';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { tempDir, testRuntime } from '../../testkit/runtime.js';
import { fixtureModelEnv } from '../helpers/sentiment.js';

describe('which sentiment model serves, as /readyz and outcomes report it', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;

  beforeAll(async () => {
    dir = tempDir();
    runtime = await testRuntime(dir.path, { env: fixtureModelEnv });
    server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await runtime.close();
    dir.remove();
  });

  const chat = async (conversation: string, text: string) => {
    const response = await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversation, text }) });
    return outcomeSchema.parse(await response.json());
  };

  it('ready at once with the lexicon, then the model once it has loaded', async () => {
    const early = (await (await fetch(`${server.url}/readyz`)).json()) as { status: string; components: { sentiment: string; sentimentModel: { state: string } } };
    // Start-up never waits for the model: the server is ready and the lexicon answers meanwhile.
    expect(early.status).toBe('ready');
    expect(['lexicon-v2', 'tiny-bert-sentiment-zh-en+lexicon-v2']).toContain(early.components.sentiment);

    await runtime.sentiment.ready();
    const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { components: { sentiment: string; sentimentModel: Record<string, unknown> } };
    expect(ready.components.sentiment).toBe('tiny-bert-sentiment-zh-en+lexicon-v2');
    expect(ready.components.sentimentModel).toMatchObject({ state: 'ready', model: 'tiny-bert-sentiment-zh-en', dtype: 'q8', caveat: expect.stringContaining('research-only') });

    const outcome = await chat('web-sentiment', '你们这是什么垃圾服务');
    expect(outcome.sentiment).toMatchObject({ label: 'negative', model: 'tiny-bert-sentiment-zh-en+lexicon-v2' });
  });

  it('concurrent requests are scored in shared model calls', async () => {
    await runtime.sentiment.ready();
    const before = runtime.components.sentimentModel.batches;
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => chat(`web-batch-${i}`, i % 2 ? 'Thank you, great service!' : '太慢了，很失望')));
    const after = runtime.components.sentimentModel.batches;
    expect(outcomes.map((o) => o.sentiment.label)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 ? 'positive' : 'negative')));
    expect(after.messages - before.messages).toBe(12);
    expect(after.calls - before.calls).toBeLessThan(12);
  });
});
