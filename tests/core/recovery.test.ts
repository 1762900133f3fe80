import { afterEach, describe, expect, it } from 'vitest';
import type { Stage } from '../../src/core/turn.js';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { backlogOf, waitUntil } from '../fault/harness.js';
import { cliEnv, runCliAsync } from '../../testkit/cli.js';
import { tempDir, testRuntime } from '../../testkit/runtime.js';

const refundQuestion = 'How long does a refund take to reach my card?';

/** Makes the retrieve stage throw the first time, as a broken index would. */
function crashRetrieveOnce(stages: Stage[]): Stage[] {
  let remaining = 1;
  return stages.map((stage) =>
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

describe('the recovery sweep takes over turns whose worker stopped', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;

  async function start(env: Record<string, string>, customiseStages?: (stages: Stage[]) => Stage[]) {
    dir = tempDir();
    runtime = await testRuntime(dir.path, { env, customiseStages });
    server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
  }
  afterEach(async () => {
    await server.close();
    await runtime.close();
    dir.remove();
  });

  const chat = (body: Record<string, unknown>) => fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  // What a worker killed mid-turn leaves: the message claimed, its lease running out, no answer stored.
  const abandonedTurn = (messageId: string, conversation: string, leaseMs: number) =>
    runtime.store.inbox.claim({ channel: 'web', conversationKey: conversation, userId: conversation, messageId, text: refundQuestion, timestamp: new Date() }, leaseMs);

  it('counts stuck and failed messages in /metrics, takes them over (not only failed ones), and a client retry gets the same single answer', async () => {
    await start({ INBOX_RETRY_INTERVAL_MS: '0', INBOX_RETRY_AFTER_MS: '1' }, crashRetrieveOnce);
    expect(await backlogOf(server.url)).toMatchObject({ stuck: 0, failed: 0, in_progress: 0 });
    await abandonedTurn('web-stuck-1', 'stuck-1', -1);
    expect((await chat({ conversation: 'failing-1', text: refundQuestion, messageId: 'web-failed-1' })).status).toBe(500);
    expect(await backlogOf(server.url)).toMatchObject({ stuck: 1, failed: 1 });

    const swept = await runtime.recovery.sweep(new Date(Date.now() + 1000));
    expect(swept).toMatchObject({ tookOver: 1, retried: 1 });
    expect(await backlogOf(server.url)).toMatchObject({ stuck: 0, failed: 0, in_progress: 0 });

    const history = (await (await fetch(`${server.url}/api/chat/stuck-1/messages`)).json()) as { messages: Array<{ author: string; text: string }> };
    expect(history.messages.map((m) => m.author)).toEqual(['bot']);
    // The client whose request died with the worker sends it again: the one answer, replayed.
    const retried = (await (await chat({ conversation: 'stuck-1', text: refundQuestion, messageId: 'web-stuck-1' })).json()) as { reply: string; duplicate: boolean };
    expect(retried).toMatchObject({ duplicate: true, reply: history.messages[0]!.text });
  });

  it('a retry while the dead worker’s lease still runs is told to come back (409); once the lease is over the turn is taken over', async () => {
    await start({ INBOX_RETRY_INTERVAL_MS: '0' });
    await abandonedTurn('web-leased-1', 'leased-1', 1500);
    const early = await chat({ conversation: 'leased-1', text: refundQuestion, messageId: 'web-leased-1' });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: 'in_progress', retryable: true });
    expect(await backlogOf(server.url)).toMatchObject({ in_progress: 1, stuck: 0 });
    await waitUntil('the dead worker’s lease to run out', async () => (await backlogOf(server.url)).stuck === 1, { timeoutMs: 10_000 });
    expect(await runtime.recovery.sweep()).toMatchObject({ tookOver: 1 });
    const later = (await (await chat({ conversation: 'leased-1', text: refundQuestion, messageId: 'web-leased-1' })).json()) as { reply: string; duplicate: boolean };
    expect(later).toMatchObject({ duplicate: true, reply: expect.stringMatching(/refund/i) });
  });

  it('`aftercare inbox` lists unfinished messages with state and age, and says so when there are none', { timeout: 180_000 }, async () => {
    await start({ INBOX_RETRY_INTERVAL_MS: '0' });
    const env = cliEnv(dir.path);
    const empty = await runCliAsync(['inbox'], { env });
    expect(empty.status).toBe(0);
    expect(empty.stdout).toContain('Nothing stuck or failed');

    await abandonedTurn('web-stuck-2', 'stuck-2', -1);
    const listed = await runCliAsync(['inbox'], { env });
    expect(listed.stdout).toMatch(/STATE\s+AGE\s+CHANNEL\s+MESSAGE/);
    expect(listed.stdout).toMatch(/stuck\s+\d+s\s+web\s+web-stuck-2\s+stuck-2\s+1/);
    expect(listed.stdout).toContain('1 message(s): 1 stuck');
  });
});
