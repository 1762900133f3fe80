import type { BacklogItem, BacklogRepository, BacklogState } from '../types.js';
import type { SqlQueries } from './queries.js';

interface BacklogRow {
  source: 'inbox' | 'delivery';
  channel: string;
  message_id: string;
  conversation_key: string | null;
  status: string;
  attempts: number | null;
  last_error: string | null;
  lease_until: number | null;
  received_at: number;
  updated_at: number;
}

// Unfinished turns from the inbox, then replies still owed (or refused) for turns that are
// done or that never had an inbox row; a message is listed once, by whichever is behind.
const unfinished = `
  SELECT 'inbox' AS source, channel, message_id, conversation_key, status, attempts, last_error, lease_until, received_at, updated_at
  FROM inbox WHERE status IN ('received', 'processing', 'failed')
  UNION ALL
  SELECT 'delivery', d.channel, d.message_id, i.conversation_key, d.status, NULL, d.last_error, d.lease_until, d.created_at, d.updated_at
  FROM deliveries d LEFT JOIN inbox i ON i.channel = d.channel AND i.message_id = d.message_id
  WHERE d.status IN ('deferred', 'sending', 'failed') AND (i.status IS NULL OR i.status = 'done')`;

function stateOf(row: BacklogRow, now: number, maxAttempts: number): BacklogState {
  const expired = row.lease_until === null || row.lease_until < now;
  if (row.source === 'inbox') {
    if (row.status === 'failed') return (row.attempts ?? 0) >= maxAttempts ? 'given_up' : 'failed';
    return expired ? 'stuck' : 'in_progress';
  }
  if (row.status === 'failed') return 'reply_failed';
  return expired ? 'reply_unsent' : 'reply_pending';
}

/** The backlog, written once: its SQL reads the same in SQLite and Postgres. */
export class SqlBacklogRepository implements BacklogRepository {
  constructor(private readonly db: SqlQueries) {}

  async list(now: Date, maxAttempts: number, limit: number): Promise<BacklogItem[]> {
    const rows = await this.db.all<BacklogRow>(`${unfinished} ORDER BY received_at LIMIT ?`, [limit]);
    return rows.map((row) => ({
      channel: row.channel,
      messageId: row.message_id,
      conversationKey: row.conversation_key,
      state: stateOf(row, now.getTime(), maxAttempts),
      attempts: row.attempts,
      lastError: row.last_error,
      receivedAt: new Date(row.received_at),
      updatedAt: new Date(row.updated_at),
    }));
  }

  async count(now: Date, maxAttempts: number): Promise<Record<BacklogState, number>> {
    const counts: Record<BacklogState, number> = { in_progress: 0, stuck: 0, failed: 0, given_up: 0, reply_pending: 0, reply_unsent: 0, reply_failed: 0 };
    for (const row of await this.db.all<BacklogRow>(unfinished)) counts[stateOf(row, now.getTime(), maxAttempts)]++;
    return counts;
  }
}
