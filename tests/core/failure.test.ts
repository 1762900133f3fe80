import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TurnFailedError } from '../../src/core/errors.js';
import type { Stage } from '../../src/core/turn.js';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';
import { useTestRuntime } from '../../testkit/use-test-runtime.js';

/** Makes the retrieve stage crash the first `failures` times, as a broken index would. */
function crashRetrieve(failures: number) {
  let remaining = failures;
  return (stages: Stage[]): Stage[] =>
    stages.map((stage) =>
      stage.name !== 'retrieve'
        ? stage
        : {
            name: stage.name,
            async run(turn) {
              if (remaining-- > 0) throw new Error('index file is corrupt');
              await stage.run(turn);
            },
          },
    );
}

describe('a stage that throws', () => {
  const fixture = useTestRuntime({ lazy: true });

  it('leaves the message marked failed with the reason, and a redelivery answers it', async () => {
    const runtime = await fixture.start({ customiseStages: crashRetrieve(1) });
    const delivery = message('crash-1', 'How long does a refund take to reach my card?', { messageId: 'm-crash-1' });

    const error = await runtime.engine.handle(delivery).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnFailedError);
    expect((error as TurnFailedError).stage).toBe('retrieve');

    const failed = await runtime.store.inbox.get('test', 'm-crash-1');
    expect(failed?.status).toBe('failed');
    expect(failed?.lastError).toContain('index file is corrupt');
    expect(failed?.inbound.text).toBe(delivery.text);
    const conversation = await runtime.store.conversations.findByKey('test', 'crash-1');
    expect(await runtime.store.messages.countInbound(conversation!.id)).toBe(0);

    const retried = await runtime.engine.handle(delivery);
    expect(retried.duplicate).toBe(false);
    expect(retried.replyKind).toBe('answer');
    const done = await runtime.store.inbox.get('test', 'm-crash-1');
    expect(done).toMatchObject({ status: 'done', attempts: 2 });
    expect(await runtime.store.messages.countInbound(conversation!.id)).toBe(1);
  });

  it('failed messages can be run again without a redelivery', async () => {
    const runtime = await fixture.start({ customiseStages: crashRetrieve(2) });
    await expect(runtime.engine.handle(message('crash-2', 'Where is my order?'))).rejects.toThrow(TurnFailedError);
    await expect(runtime.engine.handle(message('crash-3', '退款多久到账'))).rejects.toThrow(TurnFailedError);
    expect((await runtime.store.inbox.countByStatus()).failed).toBe(2);

    const results = await runtime.engine.retryFailed();
    expect(results.map((r) => r.outcome?.replyKind)).toEqual(['answer', 'answer']);
    expect(await runtime.store.inbox.countByStatus()).toMatchObject({ failed: 0, done: 2 });
  });

  it('a failure in one conversation does not stop the next message of the same conversation', async () => {
    const runtime = await fixture.start({ customiseStages: crashRetrieve(1) });
    await expect(runtime.engine.handle(message('crash-4', 'Where is my order?'))).rejects.toThrow(TurnFailedError);
    const next = await runtime.engine.handle(message('crash-4', 'How long does a refund take to reach my card?'));
    expect(next.replyKind).toBe('answer');
  });
});

describe('failed turns are retried without a redelivery', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await server.close();
    await runtime.close();
    dir.remove();
  });

  it('a web customer whose turn crashed gets the answer once the retry sweep runs, and only once', async () => {
    runtime = await testRuntime(dir.path, { customiseStages: crashRetrieve(1), env: { INBOX_RETRY_AFTER_MS: '1000' } });
    server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
    const post = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversation: 'sweep-1', text: 'How long does a refund take to reach my card?', messageId: 'w-sweep-1' }),
    });
    expect(post.status).toBe(500);
    const failedAt = (await runtime.store.inbox.get('web', 'w-sweep-1'))!.updatedAt.getTime();

    // Not yet due: the platform's own redelivery gets the first chance.
    expect(await runtime.recovery.sweep(new Date(failedAt + 500))).toMatchObject({ retried: 0, delivered: 0 });
    expect(await runtime.recovery.sweep(new Date(failedAt + 1500))).toMatchObject({ retried: 1, delivered: 1 });
    expect(await runtime.recovery.sweep(new Date(failedAt + 60_000))).toMatchObject({ retried: 0, delivered: 0 });

    const history = (await (await fetch(`${server.url}/api/chat/sweep-1/messages`)).json()) as { messages: Array<{ author: string; text: string }> };
    expect(history.messages.filter((m) => m.author === 'bot').map((m) => m.text)).toEqual([expect.stringContaining('5 to 10 business days')]);
  });

  it('gives up after the configured attempts, leaving the message listed as failed', async () => {
    runtime = await testRuntime(dir.path, { customiseStages: crashRetrieve(10), env: { INBOX_RETRY_AFTER_MS: '1', INBOX_RETRY_MAX_ATTEMPTS: '3' } });
    server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
    await expect(runtime.engine.handle(message('sweep-2', 'Where is my order?', { messageId: 'm-sweep-2' }))).rejects.toThrow(TurnFailedError);
    const later = new Date(Date.now() + 3_600_000);
    for (let i = 0; i < 5; i++) await runtime.recovery.sweep(later);
    expect(await runtime.store.inbox.get('test', 'm-sweep-2')).toMatchObject({ status: 'failed', attempts: 3 });
  });
});
