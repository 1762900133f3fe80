import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeSchema } from '../../src/domain/schemas.js';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { cliEnv, startCliServer } from '../../testkit/cli.js';
import { tempDir, testRuntime } from '../../testkit/runtime.js';

describe('HTTP server', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;

  beforeAll(async () => {
    dir = tempDir();
    const metrics = createMetrics();
    runtime = await testRuntime(dir.path, { observer: metrics.observer });
    server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await runtime.close();
    dir.remove();
  });

  const post = (body: string, contentType = 'application/json') => fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('answers health and readiness, and readiness says what serves each job', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { components: { sentiment: string; retriever: { passages: number } } };
    expect(body.components.sentiment).toBe('lexicon-v2');
    expect(body.components.retriever.passages).toBeGreaterThan(20);
  });

  it('POST /api/chat returns an outcome, and a resent message id is not answered twice', async () => {
    const request = JSON.stringify({ conversation: 'web-1', text: 'How long does a refund take to reach my card?', messageId: 'w-1' });
    const first = await post(request);
    expect(first.status).toBe(200);
    const outcome = outcomeSchema.parse(await first.json());
    expect(outcome.citations[0]).toMatchObject({ source: 'refunds.md' });
    const again = outcomeSchema.parse(await (await post(request)).json());
    expect(again).toMatchObject({ duplicate: true, reply: outcome.reply });
  });

  it('malformed requests get a 4xx with a reason, not a crash', async () => {
    const broken = await post('{"conversation": "x", "text": ');
    expect(broken.status).toBe(400);
    const missing = await post(JSON.stringify({ conversation: 'x' }));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { issues: string[] }).issues.join()).toContain('text');
    const huge = await post(JSON.stringify({ conversation: 'x', text: 'a'.repeat(70_000) }));
    expect(huge.status).toBe(413);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('exposes Prometheus metrics including turns handled and where their time went', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/aftercare_turns_total\{channel="web",intent="refund_status"/);
    expect(text).toContain('aftercare_turn_duration_seconds_bucket');
    for (const stage of ['analyse', 'decide', 'retrieve', 'reply', 'persist'])
      expect(text).toMatch(new RegExp(`aftercare_turn_stage_duration_seconds_count\\{stage="${stage}"\\} [1-9]`));
  });

  it('unknown routes are 404', async () => {
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });
});

describe('`npm start` (aftercare serve)', () => {
  it('serves /healthz on the embedded defaults and stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const server = await startCliServer(cliEnv(dir.path));
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const chat = await fetch(`${server.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversation: 's', text: '我想退货，运费谁出？' }),
      });
      expect(outcomeSchema.parse(await chat.json()).language).toBe('zh');
    } finally {
      expect(await server.stop()).toBe(0);
      dir.remove();
    }
  });
});
