import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv } from '../../testkit/cli.js';
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

interface ChatAnswer {
  reply: string;
  duplicate: boolean;
}

/**
 * `POST /api/chat` answers in the response, so "acknowledged" means a 200 carrying the reply:
 * that message is answered. A connection cut before the response (the server killed) is not
 * acknowledged: the client does not know whether the turn ran and sends the same message id
 * again, and must then get the one answer there is (replayed, `duplicate: true`), never a
 * second, different one.
 */
describe('kill -9 of aftercare serve mid-burst, POST /api/chat (synchronous replies)', () => {
  afterAll(killAllServeProcesses);

  async function scenario(processes: 1 | 2) {
    const dir = tempDir('aftercare-fault-');
    const env = cliEnv(dir.path, crashSettings);
    try {
      const clock = stopwatch();
      const started = await Promise.all(Array.from({ length: processes }, () => startServeProcess(env)));
      const victim = started[0]!;
      let survivor: ServeProcess | undefined = started[1];
      const messages = burst(`chat${processes}`, 40, 8);
      const firstAnswers = new Map<string, ChatAnswer>();
      const laterAnswers = new Map<string, ChatAnswer>();
      const chat = async (server: ServeProcess, message: BurstMessage, answers: Map<string, ChatAnswer>): Promise<SendResult> => {
        const response = await fetch(`${server.url}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ conversation: message.conversation, text: message.text, messageId: message.id }),
        });
        const body = (await response.json()) as ChatAnswer;
        if (response.status !== 200) return 'not_acknowledged';
        answers.set(message.id, { reply: body.reply, duplicate: body.duplicate });
        return 'acknowledged';
      };
      const route = (index: number) => (survivor && index % 2 === 1 ? survivor : victim);

      // Half the burst is answered; the server is killed in the middle of the other half.
      const first = await sendBurst(
        messages.slice(0, 20),
        8,
        (m, i) => chat(route(i), m, firstAnswers),
        () => false,
      );
      let killed: Promise<void> | null = null;
      const second = await sendBurst(
        messages.slice(20),
        8,
        (m, i) => chat(route(i), m, firstAnswers),
        (acknowledged) => {
          if (killed || acknowledged < 6) return false;
          killed = victim.kill9();
          return true;
        },
      );
      await killed;
      clock.lap('start and burst');
      const snapshot = crashSnapshot(dir.path);
      const acknowledged = first.acknowledged.length + second.acknowledged.length;
      // Every 200 carried an answer that is committed: its inbox row is done.
      expect([...firstAnswers.keys()].filter((id) => !snapshot.inboxIds.has(id))).toEqual([]);
      survivor ??= await startServeProcess(env);
      clock.lap('restart');

      // The client sends every message again with its id, acknowledged or not.
      await resendUntilAcknowledged(messages, (m) => chat(survivor!, m, laterAnswers));
      await waitForQuiet(survivor.url);

      const transcripts = new Map<string, string[]>();
      for (const conversation of new Set(messages.map((m) => m.conversation))) {
        const history = (await (await fetch(`${survivor.url}/api/chat/${conversation}/messages`)).json()) as { messages: Array<{ author: string; text: string }> };
        transcripts.set(
          conversation,
          history.messages.filter((m) => m.author === 'bot').map((m) => m.text),
        );
      }
      const perMessage = messages.map((m) => {
        const before = firstAnswers.get(m.id);
        const after = laterAnswers.get(m.id)!;
        const transcript = transcripts.get(m.conversation)!;
        const expected = messages.filter((other) => other.conversation === m.conversation).length;
        return {
          // A second, different answer to a message already answered, or more bot replies than questions.
          duplicated: (before !== undefined && (after.reply !== before.reply || !after.duplicate)) || transcript.length > expected,
          lost: !transcript.includes(after.reply) || transcript.length < expected,
        };
      });
      const tally = {
        scenario: `/api/chat, ${processes === 1 ? 'one process killed and restarted' : 'two processes on one data directory, one killed'}`,
        acknowledged,
        answeredOnce: perMessage.filter((p) => !p.duplicated && !p.lost).length,
        lost: perMessage.filter((p) => p.lost).length,
        duplicated: perMessage.filter((p) => p.duplicated).length,
        atCrash: `inbox ${describeCounts(snapshot.inbox)}; ${second.notAcknowledged.length} requests cut by the kill, ${second.notSent.length} not sent yet`,
      };
      clock.lap('recovery');
      printTally({ ...tally, timings: String(clock) });
      expect(tally).toMatchObject({ answeredOnce: messages.length, lost: 0, duplicated: 0 });
      expect(await survivor.stop()).toBe(0);
    } finally {
      await killAllServeProcesses();
      dir.remove();
    }
  }

  it('one process killed and restarted: an answered message keeps its one answer, a cut one is answered once on retry', { timeout: 600_000 }, async () => {
    await scenario(1);
  });

  it('two processes on one data directory, one killed: retries on the other get the same single answers', { timeout: 600_000 }, async () => {
    await scenario(2);
  });
});
