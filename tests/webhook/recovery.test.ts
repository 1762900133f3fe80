import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Stage } from '../../src/core/turn.js';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { startCallbackReceiver } from '../helpers/callback-receiver.js';
import { tempDir, testRuntime } from '../../testkit/runtime.js';
import { gateBefore } from '../../testkit/stage-gate.js';
import { backlogOf, waitUntil } from '../fault/harness.js';

const secret = 'f3c1a9e07b2d4c58a6e1d0b9c7f2e4a1d3b5c7e9f1a2b4c6';
const refundQuestion = 'How long does a refund take to reach my card?';

function signed(body: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'content-type': 'application/json', 'x-aftercare-timestamp': timestamp, 'x-aftercare-signature': `sha256=${signature}` };
}

/** Makes the retrieve stage throw the first `failures` times (Infinity: always), as a broken index would. */
function crashRetrieve(failures: number) {
  let remaining = failures;
  return (stages: Stage[]): Stage[] =>
    stages.map((stage) =>
      stage.name !== 'retrieve'
        ? stage
        : {
            name: stage.name,
            run: async (turn: Parameters<Stage['run']>[0]) => {
              if (remaining-- > 0) throw new Error('index file is corrupt');
              await stage.run(turn);
            },
          },
    );
}

describe('webhook replies after the 202 survive a stopped worker and failed turns', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;

  async function start(options: { env?: Record<string, string>; customiseStages?: (stages: Stage[]) => Stage[] } = {}) {
    dir = tempDir();
    receiver = await startCallbackReceiver();
    const channels = { 'shop-app': { secret, callbackUrl: receiver.url, replyBudgetMs: 0, maxAttempts: 2 } };
    runtime = await testRuntime(dir.path, {
      env: { WEBHOOK_CHANNELS: JSON.stringify(channels), INBOX_RETRY_INTERVAL_MS: '100', INBOX_LEASE_MS: '500', DELIVERY_LEASE_MS: '500', ...options.env },
      customiseStages: options.customiseStages,
    });
    server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
  }
  afterEach(async () => {
    await server.close();
    await runtime.close();
    await receiver.close();
    dir.remove();
  });

  const post = (fields: Record<string, unknown>) => {
    const body = JSON.stringify({ conversation: 'shop-user-1', text: refundQuestion, ...fields });
    return fetch(`${server.url}/webhook/shop-app`, { method: 'POST', headers: signed(body), body });
  };

  it('the message is in the inbox before the 202, before its turn has started', async () => {
    const gate = gateBefore('dedupe');
    await start({ customiseStages: gate.customiseStages });
    const response = await post({ messageId: 'early-1' });
    expect(response.status).toBe(202);
    expect(await runtime.store.inbox.get('webhook:shop-app', 'early-1')).toMatchObject({ status: 'received', attempts: 0, inbound: { text: refundQuestion } });
    gate.open();
    await receiver.waitUntil('the reply', (received) => received.length === 1);
    expect(receiver.received[0]!.json).toMatchObject({ inReplyTo: 'early-1', author: 'bot' });
  });

  it('a resend that meets a turn whose worker died is answered once the turn is taken over — not left deferred', async () => {
    await start();
    // What a worker killed mid-turn leaves: the message claimed (lease still running), the reply owed, nobody working on it.
    const inbound = { channel: 'webhook:shop-app', conversationKey: 'shop-user-1', userId: 'shop-user-1', messageId: 'orphan-1', text: refundQuestion, timestamp: new Date() };
    await runtime.store.inbox.claim(inbound, 1000);
    await runtime.store.deliveries.open('webhook:shop-app', 'orphan-1');
    await runtime.store.deliveries.defer('webhook:shop-app', 'orphan-1', 1000);

    const resend = await post({ messageId: 'orphan-1' });
    expect(resend.status).toBe(202);
    await receiver.waitUntil('the reply to the resent message', (received) => received.length >= 1, 15_000);
    await waitUntil('the reply slot to be settled', async () => (await runtime.store.deliveries.get('webhook:shop-app', 'orphan-1'))?.status === 'sent');
    expect(receiver.received.map((c) => [c.json.inReplyTo, c.json.author])).toEqual([['orphan-1', 'bot']]);
    expect(await runtime.store.inbox.get('webhook:shop-app', 'orphan-1')).toMatchObject({ status: 'done', attempts: 2 });
    expect(await backlogOf(server.url)).toMatchObject({ stuck: 0, in_progress: 0, reply_pending: 0, reply_unsent: 0 });
  });

  it('a callback cut by a crash mid-send is sent again with the same id (the shop dedupes on it)', async () => {
    await start();
    // What a worker killed mid-send leaves: the turn done, the callback prepared and claimed, the claim's lease run out.
    const inbound = { channel: 'webhook:shop-app', conversationKey: 'shop-user-9', userId: 'shop-user-9', messageId: 'cut-1', text: refundQuestion, timestamp: new Date() };
    const outcome = await runtime.engine.handle(inbound);
    await runtime.store.deliveries.open('webhook:shop-app', 'cut-1');
    await runtime.store.deliveries.defer('webhook:shop-app', 'cut-1', 1);
    const prepared = {
      id: 'cb-fixed-1',
      type: 'message',
      channel: 'shop-app',
      conversation: 'shop-user-9',
      userId: 'shop-user-9',
      author: 'bot',
      text: outcome.reply,
      inReplyTo: 'cut-1',
      sentAt: new Date().toISOString(),
    };
    await runtime.store.deliveries.prepare('webhook:shop-app', 'cut-1', JSON.stringify(prepared));
    expect(await runtime.store.deliveries.claimSend('webhook:shop-app', 'cut-1', -1)).toBe(true);

    await receiver.waitUntil('the callback sent again', (received) => received.length >= 1, 15_000);
    await waitUntil('the reply slot to be settled', async () => (await runtime.store.deliveries.get('webhook:shop-app', 'cut-1'))?.status === 'sent');
    expect(receiver.received.map((c) => [c.json.id, c.headers['x-aftercare-delivery'], c.json.text])).toEqual([['cb-fixed-1', 'cb-fixed-1', outcome.reply]]);
  });

  it('a turn that fails after the 202 is run again by the sweep and its answer sent once — no apology first', async () => {
    await start({ customiseStages: crashRetrieve(1), env: { INBOX_RETRY_AFTER_MS: '100' } });
    expect((await post({ messageId: 'flaky-1' })).status).toBe(202);
    await receiver.waitUntil('the answer', (received) => received.length >= 1, 15_000);
    await waitUntil('the reply slot to be settled', async () => (await runtime.store.deliveries.get('webhook:shop-app', 'flaky-1'))?.status === 'sent');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.json).toMatchObject({ inReplyTo: 'flaky-1', author: 'bot', text: expect.stringMatching(/refund/i) });
    expect(await runtime.store.inbox.get('webhook:shop-app', 'flaky-1')).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('a turn that keeps failing is given up after its attempts: the customer is told once, and /metrics counts it', async () => {
    await start({ customiseStages: crashRetrieve(Infinity), env: { INBOX_RETRY_AFTER_MS: '50', INBOX_RETRY_MAX_ATTEMPTS: '2' } });
    expect((await post({ messageId: 'broken-1' })).status).toBe(202);
    await receiver.waitUntil('the apology', (received) => received.length >= 1, 15_000);
    await waitUntil('the apology slot to be settled', async () => (await runtime.store.deliveries.get('webhook:shop-app', 'broken-1'))?.status === 'sent');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.json).toMatchObject({ inReplyTo: 'broken-1', author: 'system', error: 'turn_failed' });
    expect(await runtime.store.inbox.get('webhook:shop-app', 'broken-1')).toMatchObject({ status: 'failed', attempts: 2 });
    expect(await backlogOf(server.url)).toMatchObject({ given_up: 1, failed: 0, reply_unsent: 0 });
  });
});
