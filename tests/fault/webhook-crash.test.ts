import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startCallbackReceiver, type ReceivedCallback } from '../helpers/callback-receiver.js';
import { cliEnv, runCliAsync } from '../../testkit/cli.js';
import { tempDir } from '../../testkit/runtime.js';
import { killAllServeProcesses, startServeProcess, type ServeProcess } from '../helpers/serve-process.js';
import {
  burst,
  crashSettings,
  crashSnapshot,
  describeCounts,
  printTally,
  resendUntilAcknowledged,
  sendBurst,
  waitForQuiet,
  type BurstMessage,
  type SendResult,
  stopwatch,
} from './harness.js';

const secret = '9b1f0c3e5a7d2b4f6e8a0c1d3e5f7a9b2c4d6e8f0a1b3c5d';

/** POSTs one customer message as a shop's backend does: signed, with its own message id. */
async function post(url: string, message: BurstMessage): Promise<SendResult> {
  const body = JSON.stringify({ messageId: message.id, conversation: message.conversation, text: message.text });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
  const response = await fetch(`${url}/webhook/shop`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-aftercare-timestamp': timestamp, 'x-aftercare-signature': signature },
    body,
  });
  await response.arrayBuffer();
  return response.status === 202 || response.status === 200 ? 'acknowledged' : 'not_acknowledged';
}

const repliesTo = (received: readonly ReceivedCallback[], id: string) => received.filter((callback) => callback.json.inReplyTo === id);

describe('kill -9 of aftercare serve mid-burst, webhook channel (replies by signed callback)', () => {
  afterAll(killAllServeProcesses);

  async function scenario(processes: 1 | 2) {
    const dir = tempDir('aftercare-fault-');
    const receiver = await startCallbackReceiver();
    const env = cliEnv(dir.path, {
      ...crashSettings,
      // Budget 0: every message is acknowledged with 202 before its turn starts, the reply always follows by callback.
      WEBHOOK_CHANNELS: JSON.stringify({ shop: { secret, callbackUrl: receiver.url, replyBudgetMs: 0, maxAttempts: 4, timeoutMs: 2000 } }),
    });
    try {
      const clock = stopwatch();
      const started = await Promise.all(Array.from({ length: processes }, () => startServeProcess(env)));
      const victim = started[0]!;
      let survivor: ServeProcess | undefined = started[1];
      const messages = burst(`wh${processes}`, 40, 8);

      const to = (index: number) => (survivor && index % 2 === 1 ? survivor.url : victim.url);
      // Half the burst, and some of its replies out; then the server is killed in the middle of the other half.
      const first = await sendBurst(
        messages.slice(0, 20),
        8,
        (message, index) => post(to(index), message),
        () => false,
      );
      await receiver.waitUntil('the first replies', (received) => received.length >= 8, 90_000);
      let killed: Promise<void> | null = null;
      const second = await sendBurst(
        messages.slice(20),
        8,
        (message, index) => post(to(index), message),
        (acknowledged) => {
          if (killed || acknowledged < 10) return false;
          killed = victim.kill9();
          return true;
        },
      );
      const sent = {
        acknowledged: [...first.acknowledged, ...second.acknowledged],
        notAcknowledged: [...first.notAcknowledged, ...second.notAcknowledged],
        notSent: second.notSent,
      };
      await killed;
      clock.lap('start and burst');
      const acknowledged = new Set(sent.acknowledged.map((m) => m.id));
      const answeredBeforeCrash = new Set(receiver.received.map((c) => String(c.json.inReplyTo)));
      const snapshot = crashSnapshot(dir.path);
      // Every 202 was preceded by its inbox row: nothing acknowledged lived only in the dead process.
      expect([...acknowledged].filter((id) => !snapshot.inboxIds.has(id))).toEqual([]);

      if (processes === 1) {
        // What an operator sees between the crash and the restart: every unanswered acknowledged message, with state and age.
        const listed = await runCliAsync(['inbox', '--json', '--limit', '500'], { env });
        expect(listed.status).toBe(0);
        const items = listed.stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { messageId: string; state: string; age: string });
        const owed = [...acknowledged].filter((id) => !answeredBeforeCrash.has(id));
        expect(owed.filter((id) => !items.some((item) => item.messageId === id))).toEqual([]);
        for (const item of items)
          expect(item).toMatchObject({ state: expect.stringMatching(/^(in_progress|stuck|reply_pending|reply_unsent)$/), age: expect.stringMatching(/^(\d+m \d{2}s|\d+s)$/) });
        survivor = await startServeProcess(env);
        clock.lap('restart');
      }

      // The shop resends what was not acknowledged (and sends what it had not sent yet).
      await resendUntilAcknowledged([...sent.notAcknowledged, ...sent.notSent], (message) => post(survivor!.url, message));
      await receiver.waitUntil('a reply to every message', (received) => messages.every((m) => repliesTo(received, m.id).length > 0), 90_000);
      const backlog = await waitForQuiet(survivor!.url);
      expect(backlog).toMatchObject({ stuck: 0, reply_unsent: 0, reply_failed: 0, given_up: 0 });

      const perMessage = messages.map((m) => {
        const replies = repliesTo(receiver.received, m.id);
        return { distinct: new Set(replies.map((c) => c.json.id)).size, total: replies.length };
      });
      const tally = {
        scenario: `webhook, ${processes === 1 ? 'one process killed and restarted' : 'two processes on one data directory, one killed'}`,
        acknowledged: acknowledged.size,
        answeredOnce: perMessage.filter((p) => p.distinct === 1).length,
        lost: perMessage.filter((p) => p.distinct === 0).length,
        duplicated: perMessage.filter((p) => p.distinct > 1).length,
        redelivered: perMessage.reduce((sum, p) => sum + p.total - p.distinct, 0),
        atCrash: `inbox ${describeCounts(snapshot.inbox)}; deliveries ${describeCounts(snapshot.deliveries)}; ${answeredBeforeCrash.size} replied`,
      };
      clock.lap('recovery');
      printTally({ ...tally, timings: String(clock) });
      expect(tally).toMatchObject({ answeredOnce: messages.length, lost: 0, duplicated: 0 });
      // Every reply is the bot's answer, none an apology.
      expect(receiver.received.every((c) => c.json.author === 'bot' && typeof c.json.text === 'string' && c.json.text.length > 0)).toBe(true);

      if (processes === 1) {
        const quiet = await runCliAsync(['inbox'], { env });
        expect(quiet.stdout).toContain('Nothing stuck or failed');
      }
      expect(await survivor!.stop()).toBe(0);
    } finally {
      await killAllServeProcesses();
      await receiver.close();
      dir.remove();
    }
  }

  it('one process killed and restarted on the same data directory: every acknowledged message is answered once', { timeout: 600_000 }, async () => {
    await scenario(1);
  });

  it('two processes on one data directory, one killed: the other answers everything, once', { timeout: 600_000 }, async () => {
    await scenario(2);
  });
});
