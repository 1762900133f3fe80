import { createHmac } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { startCallbackReceiver, type ReceivedCallback } from '../helpers/callback-receiver.js';
import { cliEnv } from '../../testkit/cli.js';
import { startPostgres, type PostgresCluster } from '../../testkit/postgres.js';
import { tempDir } from '../../testkit/runtime.js';
import { killAllServeProcesses, startServeProcess, type ServeProcess } from '../helpers/serve-process.js';
import { history, newSession, openPush, postTurn, parseEventStream, sendTurn, type ParsedEvent } from '../../testkit/widget-client.js';
import { getPage, postForm } from '../helpers/console.js';
import { burst, crashSettings, printTally, resendUntilAcknowledged, sendBurst, waitForQuiet, waitUntil, type BurstMessage, type SendResult } from '../fault/harness.js';

const secret = '4c2e8a1f7b3d9e0c5a6f2b8d1e7c3a9f0b4d6e2a8c1f5b7d';
const adminToken = 'replica-admin-token-0123456789abcdef';
const reloadIntervalMs = 500;

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

describe('three aftercare serve replicas on one Postgres', () => {
  let cluster: PostgresCluster;
  let url: string;
  const dirs = [tempDir('aftercare-replica-'), tempDir('aftercare-replica-'), tempDir('aftercare-replica-')];
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
  let replicas: ServeProcess[];

  beforeAll(async () => {
    cluster = await startPostgres();
    url = await cluster.createDatabase();
    receiver = await startCallbackReceiver();
    // Each replica has a data directory of its own, as on separate machines: only Postgres is shared.
    replicas = await Promise.all(
      dirs.map((dir) =>
        startServeProcess(
          cliEnv(dir.path, {
            ...crashSettings,
            // Longer than the crash tests' leases: five processes share two cores here, and a turn
            // outliving its lease on a stalled event loop would be taken over (and answered twice).
            TURN_LOCK_TIMEOUT_MS: '8000',
            INBOX_LEASE_MS: '5000',
            DATABASE_URL: url,
            ADMIN_TOKEN: adminToken,
            KB_RELOAD_INTERVAL_MS: String(reloadIntervalMs),
            WIDGET_MESSAGES_PER_MINUTE: '600',
            // Pushes across replicas must come from Postgres NOTIFY, never from a poll.
            WIDGET_PUSH_POLL_MS: '60000',
            WEBHOOK_CHANNELS: JSON.stringify({ shop: { secret, callbackUrl: receiver.url, replyBudgetMs: 0, maxAttempts: 4, timeoutMs: 2000 } }),
          }),
        ),
      ),
    );
  }, 300_000);

  afterAll(async () => {
    await killAllServeProcesses();
    await receiver?.close();
    await cluster?.stop();
    for (const dir of dirs) dir.remove();
  });

  it(
    'answers every acknowledged message once, in conversation order, with duplicates sent to two replicas at once and one replica killed mid-burst',
    { timeout: 600_000 },
    async () => {
      const [victim, second, third] = replicas as [ServeProcess, ServeProcess, ServeProcess];
      const survivors = [second, third];
      const messages = burst('rep', 48, 12);
      let killed: Promise<void> | null = null;
      const alive = () => (killed ? survivors : replicas);
      // Every fourth message is also sent to another replica at the same moment, as a platform retrying early does.
      const send = async (message: BurstMessage, index: number): Promise<SendResult> => {
        const targets = alive();
        const first = targets[index % targets.length]!;
        if (index % 4 !== 0) return post(first.url, message);
        const other = targets[(index + 1) % targets.length]!;
        const results = await Promise.all([post(first.url, message), post(other.url, message)]);
        return results.includes('acknowledged') ? 'acknowledged' : 'not_acknowledged';
      };

      // A widget visitor talks to one replica while their session was opened on another.
      const session = await newSession(second.url);
      const widgetTurns = (async () => {
        const answers: string[] = [];
        for (const [i, text] of ['Can I return an opened item?', 'How much does standard shipping cost?', 'What does the warranty cover?'].entries()) {
          const id = `widget-${i}`;
          // The same widget message reaches two replicas at once (a double submit behind a load balancer).
          const [a, b] = await Promise.all([postTurn(second.url, session.token, { text, id, after: 0 }), postTurn(third.url, session.token, { text, id, after: 0 })]);
          for (const response of [a, b]) {
            expect(response.status).toBe(200);
            const done = parseEventStream(await response.text()).find((e) => e.event === 'done');
            if (done) answers.push(id);
          }
        }
        return answers;
      })();

      const sent = await sendBurst(messages, 8, send, (acknowledged) => {
        if (killed || acknowledged < 16) return false;
        killed = victim.kill9();
        return false;
      });
      await killed;
      expect(killed).not.toBeNull();
      await widgetTurns;
      // What was not acknowledged is sent again, to the replicas still up.
      await resendUntilAcknowledged([...sent.notAcknowledged, ...sent.notSent], (message) => post(second.url, message));
      await receiver.waitUntil('a reply to every message', (received) => messages.every((m) => repliesTo(received, m.id).length > 0), 120_000);
      await waitForQuiet(third.url, 120_000);

      const perMessage = messages.map((m) => new Set(repliesTo(receiver.received, m.id).map((c) => c.json.id)).size);
      const tally = {
        scenario: 'webhook and widget on three replicas sharing Postgres, duplicates to two replicas at once, one replica killed',
        acknowledged: sent.acknowledged.length,
        answeredOnce: perMessage.filter((n) => n === 1).length,
        lost: perMessage.filter((n) => n === 0).length,
        duplicated: perMessage.filter((n) => n > 1).length,
      };
      printTally(tally);
      expect(tally).toMatchObject({ answeredOnce: messages.length, lost: 0, duplicated: 0 });

      // Conversation order: in the shared store every customer message is followed by its one reply.
      const store = await PostgresStore.open(url, { lockLeaseMs: 1000, poolSize: 2 });
      try {
        for (const key of new Set(messages.map((m) => m.conversation))) {
          const found = await store.conversations.search({ text: key, limit: 20 });
          const conversation = found.map((c) => c.conversation).find((c) => c.conversationKey === key || c.conversationKey.endsWith(`:${key}`))!;
          expect(conversation, key).toBeDefined();
          const stored = await store.messages.recent(conversation.id, 100);
          expect(stored.map((m) => m.direction).join(','), `${key}: ${JSON.stringify(stored.map((m) => [m.id, m.direction, m.text.slice(0, 30)]))}`).toBe(
            Array.from({ length: stored.length / 2 }, () => 'in,out').join(','),
          );
          const asked = messages.filter((m) => m.conversation === key).length;
          expect(stored.filter((m) => m.direction === 'in')).toHaveLength(asked);
        }
        // The widget conversation: each of the three messages once, each with its answer, whichever replica is asked.
        for (const replica of survivors) {
          const { body } = await history(replica.url, session.token);
          const customer = body.messages.filter((m) => m.author === 'customer');
          expect(customer.map((m) => m.text)).toEqual(['Can I return an opened item?', 'How much does standard shipping cost?', 'What does the warranty cover?']);
          expect(body.messages.map((m) => (m.author === 'customer' ? 'in' : 'out')).join(',')).toBe('in,out,in,out,in,out');
        }
      } finally {
        await store.close();
      }
    },
  );

  it('serves a knowledge-base change made through one replica from the others within the reload interval', { timeout: 120_000 }, async () => {
    const live = replicas.filter((r) => r.pid !== replicas[0]!.pid);
    const [through, other] = live as [ServeProcess, ServeProcess];
    const doc = '# Gift wrapping\n\nEvery order can be gift wrapped in recycled kraft paper with a handwritten card for 3 euros. Choose gift wrapping at checkout.\n';
    const upload = await fetch(`${through.url}/admin/api/kb/documents/gift-wrapping.md`, { method: 'PUT', headers: { authorization: `Bearer ${adminToken}` }, body: doc });
    expect(upload.status).toBe(201);
    const published = performance.now();
    const listed = async (replica: ServeProcess) => {
      const response = await fetch(`${replica.url}/admin/api/kb/documents`, { headers: { authorization: `Bearer ${adminToken}` } });
      const body = (await response.json()) as { documents: Array<{ name?: string; id?: string }> };
      return JSON.stringify(body.documents).includes('gift-wrapping.md');
    };
    await waitUntil('the other replica to serve the new document', () => listed(other), { timeoutMs: 30_000, intervalMs: 50 });
    const lagMs = performance.now() - published;
    console.log(`[replicas] knowledge-base change served by another replica after ${Math.round(lagMs)} ms (KB_RELOAD_INTERVAL_MS=${reloadIntervalMs})`);
    // One interval to notice plus loading the version; a busy shared machine gets a generous margin.
    expect(lagMs).toBeLessThan(reloadIntervalMs + 5_000);

    const question: BurstMessage = { id: 'kb-question-1', conversation: 'kb-gift', text: 'Do you offer gift wrapping?' };
    expect(await post(other.url, question)).toBe('acknowledged');
    await receiver.waitUntil('the answer about gift wrapping', (received) => repliesTo(received, question.id).length > 0, 60_000);
    expect(String(repliesTo(receiver.received, question.id)[0]!.json.text)).toMatch(/kraft/);
  });

  it('pushes a reply written by one replica to a widget visitor streaming from another, through LISTEN/NOTIFY', { timeout: 120_000 }, async () => {
    const live = replicas.filter((r) => r.pid !== replicas[0]!.pid);
    const [through, streaming] = live as [ServeProcess, ServeProcess];
    const visitor = await newSession(through.url);
    // The visitor's page holds its push stream open on one replica (no polling with Postgres; the poll interval is set to a minute anyway).
    const push = await openPush(streaming.url, visitor.token);
    try {
      expect(push.response.status).toBe(200);
      const question = 'This is ridiculous, I want to talk to a human agent now! (push test)';
      const { done } = await sendTurn(through.url, visitor.token, question);
      expect(done.escalated).toBe(true);
      const isMessage = (author: string, text?: RegExp) => (e: ParsedEvent) =>
        e.event === 'message' && (e.data as { author: string }).author === author && (!text || text.test((e.data as { text: string }).text));
      // The turn another replica committed reaches this stream: the visitor's own words (other tabs) and the bot's answer.
      await push.next(isMessage('customer', /human agent/));
      await push.next(isMessage('bot'));

      // A colleague answers from the console of the replica the visitor is not streaming from.
      const login = await fetch(`${through.url}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: adminToken, next: '/admin/inbox' }),
        redirect: 'manual',
      });
      expect(login.status).toBe(303);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const inbox = await getPage(through.url, { cookie, csrf: '' }, '/admin/inbox');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(inbox.text)?.[1] ?? '';
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      const found = await db
        .query<{ id: string }>(
          `SELECT e.id FROM escalations e JOIN messages m ON m.conversation_id = e.conversation_id
           WHERE e.status = 'open' AND m.text = $1`,
          [question],
        )
        .finally(() => db.end());
      const escalationId = found.rows[0]?.id;
      expect(inbox.text).toContain(escalationId);
      const sentAt = performance.now();
      const reply = await postForm(through.url, { cookie, csrf }, `/admin/inbox/${escalationId}/reply`, { text: 'Hi, Robin from the shop here: I have your order open now.' });
      expect(reply.notice).toMatchObject({ kind: 'ok' });
      await push.next(isMessage('staff', /Robin from the shop/));
      console.log(`[replicas] staff reply pushed to a stream on another replica after ${Math.round(performance.now() - sentAt)} ms`);
    } finally {
      push.close();
    }
  });
});
