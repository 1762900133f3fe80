import { resolve } from 'node:path';
import { createRuntime } from '../runtime.js';
import { openStore } from '../store/open-store.js';
import type { BacklogItem, BacklogState } from '../store/types.js';
import { commandContext } from './context.js';

export type InboxAction = 'list' | 'failed' | 'retry';

const failedStates: ReadonlySet<BacklogState> = new Set(['failed', 'given_up', 'reply_failed']);

/** "3h 05m", "2m 07s", "9s": enough to tell a message stuck for seconds from one stuck for days. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60)];
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${pad(h)}h`;
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s % 60)}s`;
  return `${s}s`;
}

function table(items: BacklogItem[], now: number): string {
  const rows = items.map((item) => [
    item.state,
    formatAge(now - item.receivedAt.getTime()),
    item.channel,
    item.messageId,
    item.conversationKey ?? '-',
    item.attempts === null ? '-' : String(item.attempts),
    (item.lastError ?? '').replace(/\s+/g, ' ').slice(0, 80),
  ]);
  const header = ['STATE', 'AGE', 'CHANNEL', 'MESSAGE', 'CONVERSATION', 'ATTEMPTS', 'LAST ERROR'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * Operators' view of messages that are not finished — turns in progress or whose worker
 * stopped, failed turns, replies still owed or refused — with their state and age; and a way
 * to run the failed ones again.
 */
export async function inboxCommand(action: InboxAction, options: { limit: number; json?: boolean }): Promise<void> {
  const { config, logger } = commandContext('tool');
  if (action === 'retry') {
    const runtime = await createRuntime(config, logger);
    try {
      for (const result of await runtime.engine.retryFailed(options.limit)) {
        const { channel, messageId } = result.inbound;
        process.stdout.write(`${JSON.stringify(result.error ? { channel, messageId, error: result.error.message } : { channel, messageId, outcome: result.outcome })}\n`);
        if (result.error) process.exitCode = 1;
      }
    } finally {
      await runtime.close();
    }
    return;
  }
  // Reading needs the store only: quick, and safe next to a running server.
  const opened = await openStore(config, resolve(config.AFTERCARE_DATA_DIR));
  const store = opened.store;
  try {
    const now = Date.now();
    const all = await store.backlog.list(new Date(now), config.INBOX_RETRY_MAX_ATTEMPTS, options.limit);
    const items = action === 'failed' ? all.filter((item) => failedStates.has(item.state)) : all;
    if (options.json) {
      for (const item of items) {
        const ageSeconds = Math.round((now - item.receivedAt.getTime()) / 1000);
        process.stdout.write(`${JSON.stringify({ ...item, conversation: item.conversationKey, ageSeconds, age: formatAge(ageSeconds * 1000) })}\n`);
      }
      if (items.length === 0) process.stderr.write(action === 'failed' ? 'No failed messages.\n' : 'Nothing stuck or failed.\n');
      return;
    }
    if (items.length === 0) {
      process.stdout.write(action === 'failed' ? 'No failed messages.\n' : 'Nothing stuck or failed: every message received has been answered (or is being answered).\n');
      return;
    }
    process.stdout.write(`${table(items, now)}\n`);
    const counts = new Map<BacklogState, number>();
    for (const item of items) counts.set(item.state, (counts.get(item.state) ?? 0) + 1);
    process.stdout.write(`\n${items.length} message(s): ${[...counts].map(([state, n]) => `${n} ${state}`).join(', ')}\n`);
  } finally {
    await opened.close();
  }
}
