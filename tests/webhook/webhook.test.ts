import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CallbackDeliveryError } from '../../adapters/webhook/callback-sender.js';
import { addressOf } from '../../src/core/channels.js';
import type { Stage } from '../../src/core/turn.js';
import { outcomeSchema } from '../../src/domain/schemas.js';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { startCallbackReceiver } from '../helpers/callback-receiver.js';
import { tempDir, testRuntime } from '../../testkit/runtime.js';
import { gateBefore } from '../../testkit/stage-gate.js';

const secret = 'f3c1a9e07b2d4c58a6e1d0b9c7f2e4a1d3b5c7e9f1a2b4c6';
const otherSecret = '0000000000000000000000000000000000000000000000aa';

/** Signs a request body the way the integration guide in the README tells shops to, with Node's crypto. */
function signed(body: string, options: { secret?: string; timestamp?: number } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', options.secret ?? secret)
    .update(`${timestamp}.${body}`)
    .digest('hex');
  return { 'content-type': 'application/json', 'x-aftercare-timestamp': timestamp, 'x-aftercare-signature': `sha256=${signature}` };
}

describe('generic JSON webhook (POST /webhook/:channel)', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;

  async function start(options: { replyBudgetMs?: number; maxAttempts?: number; customiseStages?: (stages: Stage[]) => Stage[] } = {}) {
    dir = tempDir();
    receiver = await startCallbackReceiver();
    const channels = {
      'shop-app': { secret, callbackUrl: receiver.url, replyBudgetMs: options.replyBudgetMs ?? 5000, maxAttempts: options.maxAttempts ?? 4 },
      'mini-program': { secret: otherSecret, callbackUrl: receiver.url },
    };
    runtime = await testRuntime(dir.path, { env: { WEBHOOK_CHANNELS: JSON.stringify(channels) }, customiseStages: options.customiseStages });
    server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
  }
  afterEach(async () => {
    await server.close();
    await runtime.close();
    await receiver.close();
    dir.remove();
  });

  const post = (body: string, headers: Record<string, string> = signed(body), channel = 'shop-app') => fetch(`${server.url}/webhook/${channel}`, { method: 'POST', headers, body });
  const message = (fields: Record<string, unknown>) => JSON.stringify({ conversation: 'shop-user-1', text: 'How long does a refund take to reach my card?', ...fields });

  it('answers a signed message in the response when the answer is ready in time', async () => {
    await start();
    const response = await post(message({ messageId: 'app-1' }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; outcome: unknown };
    expect(body.status).toBe('replied');
    const outcome = outcomeSchema.parse(body.outcome);
    expect(outcome).toMatchObject({ conversation: 'shop-user-1', messageId: 'app-1', replyKind: 'answer', duplicate: false });
    expect(outcome.citations[0]).toMatchObject({ source: 'refunds.md' });

    const again = (await (await post(message({ messageId: 'app-1' }))).json()) as { outcome: { duplicate: boolean; reply: string } };
    expect(again.outcome).toMatchObject({ duplicate: true, reply: outcome.reply });
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses bad, missing, stale and other-channel signatures, storing nothing', async () => {
    await start();
    const body = message({ messageId: 'forged-1', conversation: 'forged' });
    const tampered = { ...signed(body), 'x-aftercare-signature': signed(`${body} `)['x-aftercare-signature'] };
    const statuses = [
      await post(body, tampered),
      await post(body, { 'content-type': 'application/json' }),
      await post(body, signed(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 })),
      await post(body, signed(body, { secret: otherSecret })),
    ].map((r) => r.status);
    expect(statuses).toEqual([401, 401, 401, 401]);
    expect(await runtime.store.conversations.findByKey('webhook:shop-app', 'forged')).toBeNull();
    expect((await post(body, signed(body), 'no-such-channel')).status).toBe(404);
  });

  it('answers malformed or invalid JSON with 400 and the reason', async () => {
    await start();
    expect((await post('{"conversation": "x", "te')).status).toBe(400);
    const invalid = await post(JSON.stringify({ conversation: 'x', messageId: 'bad-1' }));
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { issues: string[] }).issues.join()).toContain('text');
    expect(await runtime.store.conversations.findByKey('webhook:shop-app', 'x')).toBeNull();
  });

  it('acknowledges a slow answer with 202 and delivers it, signed, to the callback URL — once, however often the message is resent', async () => {
    const gate = gateBefore('reply');
    await start({ replyBudgetMs: 100, customiseStages: gate.customiseStages });
    const body = message({ messageId: 'slow-1', context: { session: 'abc' } });
    const first = await post(body);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ status: 'accepted', messageId: 'slow-1' });
    expect((await post(body)).status).toBe(202);

    gate.open();
    await receiver.waitFor(1);
    await runtime.background.drain();
    expect((await post(body)).status).toBe(202);
    await runtime.background.drain();
    expect(receiver.received).toHaveLength(1);

    const [callback] = receiver.received;
    const { 'x-aftercare-timestamp': timestamp, 'x-aftercare-signature': signature } = callback!.headers;
    expect(signature).toBe(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${callback!.raw}`).digest('hex')}`);
    expect(callback!.headers['x-aftercare-delivery']).toBe(callback!.json.id);
    expect(callback!.json).toMatchObject({
      type: 'message',
      channel: 'shop-app',
      conversation: 'shop-user-1',
      author: 'bot',
      inReplyTo: 'slow-1',
      context: { session: 'abc' },
    });
    expect(callback!.json.text).toMatch(/refund/i);
    expect(outcomeSchema.parse(callback!.json.outcome).reply).toBe(callback!.json.text);
  });

  it('relays staff replies to the callback URL, retrying a busy endpoint with the same delivery id', async () => {
    await start();
    const escalate = await post(message({ messageId: 'human-1', conversation: 'shop-user-2', text: 'I want to talk to a human agent', context: { session: 's-2' } }));
    expect(((await escalate.json()) as { outcome: { escalated: boolean } }).outcome.escalated).toBe(true);
    const conversation = await runtime.store.conversations.findByKey('webhook:shop-app', 'shop-user-2');

    receiver.answerWith({ status: 503, headers: { 'retry-after': '0' } }, { status: 429, headers: { 'retry-after': '0' } });
    await runtime.channels.send(addressOf(conversation!), { author: 'staff', authorName: 'Mia', text: 'Hi, Mia here — I have refunded your order.' });

    expect(receiver.received.map((r) => r.status)).toEqual([503, 429, 200]);
    expect(new Set(receiver.received.map((r) => r.json.id)).size).toBe(1);
    expect(receiver.received[2]!.json).toMatchObject({ author: 'staff', authorName: 'Mia', conversation: 'shop-user-2', userId: 'shop-user-2', context: { session: 's-2' } });
  });

  it('gives up on a callback the shop refuses, saying so', async () => {
    await start();
    await post(message({ messageId: 'human-2', conversation: 'shop-user-3', text: 'agent please' }));
    const conversation = await runtime.store.conversations.findByKey('webhook:shop-app', 'shop-user-3');
    receiver.answerWith({ status: 410 });
    const error = await runtime.channels.send(addressOf(conversation!), { author: 'staff', text: 'hello?' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallbackDeliveryError);
    expect(error).toMatchObject({ attempts: 1, status: 410 });
  });

  it('answers 503 (retry) when the turn fails, and a resend of the same message is answered', async () => {
    let failures = 1;
    const crashOnce = (stages: Stage[]) =>
      stages.map((stage) =>
        stage.name !== 'retrieve'
          ? stage
          : {
              name: stage.name,
              run: async (turn: Parameters<Stage['run']>[0]) => {
                if (failures-- > 0) throw new Error('index file is corrupt');
                await stage.run(turn);
              },
            },
      );
    await start({ customiseStages: crashOnce });
    const body = message({ messageId: 'crash-1' });
    const failed = await post(body);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ retryable: true });
    const retried = await post(body);
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as { outcome: { replyKind: string } }).outcome.replyKind).toBe('answer');
  });
});
