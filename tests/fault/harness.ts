import Database from 'better-sqlite3';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Short leases and a fast sweep, so a crash is recovered in seconds instead of the minute the
 * defaults allow; everything else as a fresh install has it (lexicon sentiment and the
 * offline intent model keep the turns quick on 2 cores).
 */
export const crashSettings: Record<string, string> = {
  INBOX_LEASE_MS: '2000',
  DELIVERY_LEASE_MS: '2000',
  INBOX_RETRY_INTERVAL_MS: '200',
  INBOX_RETRY_AFTER_MS: '200',
  TURN_LOCK_TIMEOUT_MS: '3000',
  SENTIMENT_MODEL: 'lexicon',
  INTENT_CLASSIFIER: 'offline',
};

// Questions the sample knowledge base answers (no escalation, so every turn has a reply).
const questions = [
  'How long does a refund take to reach my card?',
  'Can I exchange shoes for a different size?',
  'How much does standard shipping cost?',
  'What does the warranty cover?',
  'How do I get an invoice for my order?',
  'Can I return an opened item?',
  'Do you offer price protection if the price drops?',
  'How can I track my parcel?',
];

export interface BurstMessage {
  id: string;
  conversation: string;
  text: string;
}

/** `count` messages over `conversations` conversations, each conversation asking different questions in turn. */
export function burst(prefix: string, count: number, conversations: number): BurstMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-m${i}`,
    conversation: `${prefix}-c${i % conversations}`,
    text: questions[Math.floor(i / conversations) % questions.length]!,
  }));
}

export type SendResult = 'acknowledged' | 'not_acknowledged';

/**
 * Sends `messages` with at most `concurrency` in flight, in order. `afterAck` runs after each
 * acknowledgement and may stop the burst (e.g. by killing the server): then nothing more is
 * started and what was in flight finishes (or fails).
 */
export async function sendBurst(
  messages: readonly BurstMessage[],
  concurrency: number,
  send: (message: BurstMessage, index: number) => Promise<SendResult>,
  afterAck: (acknowledged: number) => Promise<boolean> | boolean,
): Promise<{ acknowledged: BurstMessage[]; notAcknowledged: BurstMessage[]; notSent: BurstMessage[] }> {
  const acknowledged: BurstMessage[] = [];
  const notAcknowledged: BurstMessage[] = [];
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < messages.length) {
      const index = next++;
      const message = messages[index]!;
      const result = await send(message, index).catch((): SendResult => 'not_acknowledged');
      if (result === 'acknowledged') {
        acknowledged.push(message);
        if (!stopped && (await afterAck(acknowledged.length))) stopped = true;
      } else notAcknowledged.push(message);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { acknowledged, notAcknowledged, notSent: messages.slice(next) };
}

/**
 * Sends each message again until it is acknowledged, as a platform or shop retries what
 * failed: at most `attempts` tries per message, within `timeoutMs` overall.
 */
export async function resendUntilAcknowledged(
  messages: readonly BurstMessage[],
  send: (message: BurstMessage) => Promise<SendResult>,
  options: { attempts?: number; timeoutMs?: number; concurrency?: number } = {},
): Promise<void> {
  const attempts = options.attempts ?? 40;
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  const queue = [...messages];
  const worker = async () => {
    for (let message = queue.shift(); message; message = queue.shift()) {
      let acknowledged = false;
      for (let attempt = 0; attempt < attempts && !acknowledged && Date.now() < deadline; attempt++) {
        if (attempt > 0) await delay(100);
        acknowledged = (await send(message).catch((): SendResult => 'not_acknowledged')) === 'acknowledged';
      }
      if (!acknowledged) throw new Error(`message ${message.id} was never acknowledged after the restart`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
}

/**
 * Waits until `condition` holds, checking every `intervalMs` (a bounded poll of state in
 * another process, never a fixed sleep), and fails naming `what` after `timeoutMs`.
 */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  for (let check = 0; check <= Math.ceil(timeoutMs / intervalMs); check++) {
    if (await condition()) return;
    if (Date.now() >= deadline) break;
    await delay(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** The server's `aftercare_inbox_backlog` gauge, by state. */
export async function backlogOf(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^aftercare_inbox_backlog\{state="(\w+)"\} (\d+)$/gm)) counts[match[1]!] = Number(match[2]);
  return counts;
}

/** Resolves once nothing is in flight or owed: no turn running, stuck or failing, no reply waiting to be sent. */
export async function waitForQuiet(url: string, timeoutMs = 90_000): Promise<Record<string, number>> {
  let last: Record<string, number> = {};
  await waitUntil(
    'an empty backlog in /metrics',
    async () => {
      last = await backlogOf(url);
      return ['in_progress', 'stuck', 'failed', 'reply_pending', 'reply_unsent'].every((state) => last[state] === 0);
    },
    { timeoutMs, intervalMs: 150 },
  );
  return last;
}

/** What a killed server left in the store: inbox and delivery rows by status, and which message ids have an inbox row. */
export function crashSnapshot(dataDir: string): { inbox: Record<string, number>; deliveries: Record<string, number>; inboxIds: Set<string> } {
  const db = new Database(join(dataDir, 'aftercare.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const byStatus = (table: string) =>
      Object.fromEntries(
        db
          .prepare<[], { status: string; n: number }>(`SELECT status, COUNT(*) AS n FROM ${table} GROUP BY status`)
          .all()
          .map((r) => [r.status, r.n]),
      );
    const inboxIds = new Set(
      db
        .prepare<[], { message_id: string }>('SELECT message_id FROM inbox')
        .all()
        .map((r) => r.message_id),
    );
    return { inbox: byStatus('inbox'), deliveries: byStatus('deliveries'), inboxIds };
  } finally {
    db.close();
  }
}

export interface ScenarioTally {
  scenario: string;
  /** Messages the server acknowledged before the crash (202/`success`, or 200 with the reply). */
  acknowledged: number;
  /** Of every message sent (all are resent until acknowledged), those that got exactly one reply. */
  answeredOnce: number;
  /** Messages that got no reply. */
  lost: number;
  /** Messages that got more than one different reply. */
  duplicated: number;
  /** The same reply delivered again with the same id (at-least-once on the wire; the shop's idempotency key absorbs it). */
  redelivered?: number;
  /**
   * Replies whose sender was killed mid-send on a platform without idempotency keys: not sent
   * again (it may have arrived) but reported as `reply_failed`; counted in `answeredOnce` when it did arrive.
   */
  reported?: number;
  /** What the killed server left behind. */
  atCrash?: string;
  /** Time per phase. */
  timings?: string;
}

/** One line per scenario, for the closing note: acknowledged, answered once, lost, duplicated. */
export function printTally(tally: ScenarioTally): void {
  const extra = [
    tally.redelivered !== undefined ? `redelivered with the same id ${tally.redelivered}` : '',
    tally.reported !== undefined ? `interrupted sends reported, not repeated ${tally.reported}` : '',
    tally.atCrash ? `at the crash: ${tally.atCrash}` : '',
    tally.timings ? `time: ${tally.timings}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  console.log(
    `[fault] ${tally.scenario}: acknowledged ${tally.acknowledged}, answered once ${tally.answeredOnce}, lost ${tally.lost}, duplicated ${tally.duplicated}${extra ? ` (${extra})` : ''}`,
  );
}

export const describeCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ') || 'nothing';

/** `promise`, or a failure naming `what` after `timeoutMs`: every wait in the suite is bounded. */
export async function within<T>(what: string, timeoutMs: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Seconds spent in each phase of a scenario, printed with its tally (start-up dominates on a busy machine). */
export function stopwatch() {
  let last = performance.now();
  const laps: string[] = [];
  return {
    lap(name: string) {
      const now = performance.now();
      laps.push(`${name} ${((now - last) / 1000).toFixed(1)}s`);
      last = now;
    },
    toString: () => laps.join(', '),
  };
}
