import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv } from '../../testkit/cli.js';
import { startFakeWeChatApi } from '../../testkit/fake-wechat-api.js';
import { tempDir } from '../../testkit/runtime.js';
import { killAllServeProcesses, startServeProcess, type ServeProcess } from '../helpers/serve-process.js';
import { nextMsgId, Platform, textPush } from '../../testkit/wechat-platform.js';
import { officialAccount } from '../../testkit/wechat-harness.js';
import {
  burst,
  crashSettings,
  crashSnapshot,
  describeCounts,
  printTally,
  resendUntilAcknowledged,
  sendBurst,
  waitForQuiet,
  within,
  type BurstMessage,
  type SendResult,
  stopwatch,
} from './harness.js';

describe('kill -9 of aftercare serve mid-burst, WeChat Official Account (passive replies and the customer-service API)', () => {
  afterAll(killAllServeProcesses);

  async function scenario(processes: 1 | 2) {
    const dir = tempDir('aftercare-fault-');
    const api = await startFakeWeChatApi({ appId: officialAccount.appId, secret: officialAccount.appSecret });
    const env = cliEnv(dir.path, {
      ...crashSettings,
      WECHAT_TOKEN: officialAccount.token,
      WECHAT_APP_ID: officialAccount.appId,
      WECHAT_APP_SECRET: officialAccount.appSecret,
      WECHAT_ENCODING_AES_KEY: officialAccount.aesKey,
      WECHAT_API_BASE_URL: api.url,
      // Short: under a burst some answers are ready in time (passive), the rest go through the API.
      WECHAT_REPLY_BUDGET_MS: '100',
      WECHAT_DEFAULT_LANGUAGE: 'en',
    });
    const platformOf = (server: ServeProcess) =>
      new Platform({ server: server.url, path: '/wechat', token: officialAccount.token, aesKey: officialAccount.aesKey, receiverId: officialAccount.appId });
    try {
      const clock = stopwatch();
      const started = await Promise.all(Array.from({ length: processes }, () => startServeProcess(env)));
      const victim = started[0]!;
      let survivor: ServeProcess | undefined = started[1];
      // One customer per message: the API's sends name the customer, not the message.
      const messages = burst(`wx${processes}`, 40, 40);
      const pushes = new Map(messages.map((m) => [m.id, textPush(m.conversation, m.text, { msgId: nextMsgId() })]));
      const passive = new Map<string, string>();
      const push = async (server: ServeProcess, message: BurstMessage): Promise<SendResult> => {
        const result = await platformOf(server).push(pushes.get(message.id)!, { encrypt: true });
        if (result.status !== 200) return 'not_acknowledged';
        if (result.reply?.Content) passive.set(message.id, result.reply.Content);
        return result.body === 'success' || result.reply?.Content ? 'acknowledged' : 'not_acknowledged';
      };

      const to = (index: number) => (survivor && index % 2 === 1 ? survivor : victim);
      // Half the burst, and some of its replies out; then the server is killed in the middle of the other half.
      const first = await sendBurst(
        messages.slice(0, 20),
        12,
        (message, index) => push(to(index), message),
        () => false,
      );
      await within('the first replies through the API', 90_000, api.waitForSends(Math.min(3, 20 - passive.size)));
      let killed: Promise<void> | null = null;
      const second = await sendBurst(
        messages.slice(20),
        12,
        (message, index) => push(to(index), message),
        (acknowledged) => {
          if (killed || acknowledged < 8) return false;
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
      const acknowledged = sent.acknowledged.length;
      const snapshot = crashSnapshot(dir.path);
      const textMessagesAcked = sent.acknowledged.map((m) => /<MsgId>(\d+)<\/MsgId>/.exec(pushes.get(m.id)!)![1]!);
      expect(textMessagesAcked.filter((id) => !snapshot.inboxIds.has(id))).toEqual([]);
      const repliedBeforeCrash = passive.size + api.sent.length;
      survivor ??= await startServeProcess(env);
      clock.lap('restart');

      // The platform retries what got no answer (WeChat does so three times; a shop's own retry, after the restart, here).
      await resendUntilAcknowledged([...sent.notAcknowledged, ...sent.notSent], (message) => push(survivor!, message));
      const backlog = await waitForQuiet(survivor.url);
      expect(backlog).toMatchObject({ stuck: 0, reply_unsent: 0, given_up: 0 });

      const db = new Database(join(dir.path, 'aftercare.sqlite'), { readonly: true });
      const reportedIds = new Set(
        db
          .prepare<[], { message_id: string }>(`SELECT message_id FROM deliveries WHERE status = 'failed'`)
          .all()
          .map((r) => r.message_id),
      );
      db.close();
      expect(backlog.reply_failed ?? 0).toBe(reportedIds.size);
      const perMessage = messages.map((m) => {
        const msgId = /<MsgId>(\d+)<\/MsgId>/.exec(pushes.get(m.id)!)![1]!;
        const replies = (passive.has(m.id) ? 1 : 0) + api.sent.filter((call) => call.body.touser === m.conversation).length;
        return { replies, reported: reportedIds.has(msgId) };
      });
      const tally = {
        scenario: `WeChat, ${processes === 1 ? 'one process killed and restarted' : 'two processes on one data directory, one killed'}`,
        acknowledged,
        answeredOnce: perMessage.filter((p) => p.replies === 1).length,
        lost: perMessage.filter((p) => p.replies === 0 && !p.reported).length,
        duplicated: perMessage.filter((p) => p.replies > 1).length,
        reported: reportedIds.size,
        atCrash: `inbox ${describeCounts(snapshot.inbox)}; deliveries ${describeCounts(snapshot.deliveries)}; ${repliedBeforeCrash} replied (${passive.size} in the response)`,
      };
      clock.lap('recovery');
      printTally({ ...tally, timings: String(clock) });
      expect(tally).toMatchObject({ lost: 0, duplicated: 0 });
      expect(tally.answeredOnce + perMessage.filter((p) => p.replies === 0 && p.reported).length).toBe(messages.length);
      expect(await survivor.stop()).toBe(0);
    } finally {
      await killAllServeProcesses();
      await api.close();
      dir.remove();
    }
  }

  it('one process killed and restarted: every acknowledged message is answered once, or reported', { timeout: 600_000 }, async () => {
    await scenario(1);
  });

  it('two processes on one data directory, one killed: the other finishes its work, once', { timeout: 600_000 }, async () => {
    await scenario(2);
  });
});
