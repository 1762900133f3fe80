import type { Inbound } from '../../domain/types.js';
import type { ClaimResult, InboxEntry, InboxRepository, InboxStatus } from '../types.js';
import type { SqlQueries } from './queries.js';
import { toInboxEntry, type InboxRow } from './rows.js';

/**
 * The inbox, written once for both stores: one upsert decides a claim, so two workers (or two
 * replicas on Postgres) never both win it.
 */
export class SqlInboxRepository implements InboxRepository {
  constructor(private readonly db: SqlQueries) {}

  private params(inbound: Inbound, leaseMs: number) {
    const now = Date.now();
    return {
      channel: inbound.channel,
      messageId: inbound.messageId,
      conversationKey: inbound.conversationKey,
      inbound: JSON.stringify(inbound),
      leaseUntil: now + leaseMs,
      now,
    };
  }

  async accept(inbound: Inbound, leaseMs: number): Promise<void> {
    await this.db.run(
      `INSERT INTO inbox (channel, message_id, conversation_key, status, attempts, inbound, lease_until, received_at, updated_at)
       VALUES (@channel, @messageId, @conversationKey, 'received', 0, @inbound, @leaseUntil, @now, @now)
       ON CONFLICT (channel, message_id) DO NOTHING`,
      this.params(inbound, leaseMs),
    );
  }

  async claim(inbound: Inbound, leaseMs: number): Promise<ClaimResult> {
    // A new id is inserted; an existing one is re-leased when no turn of it is running: not
    // started yet (`received`: the claim runs inside the conversation lock, so the receiving
    // worker's own turn and a takeover cannot both get here at once), its last attempt failed,
    // or its lease ran out (the worker died). Done and live rows are left alone.
    const claimed = await this.db.one<{ attempts: number }>(
      `INSERT INTO inbox AS i (channel, message_id, conversation_key, status, attempts, inbound, lease_until, received_at, updated_at)
       VALUES (@channel, @messageId, @conversationKey, 'processing', 1, @inbound, @leaseUntil, @now, @now)
       ON CONFLICT (channel, message_id) DO UPDATE
         SET status = 'processing', attempts = i.attempts + 1, lease_until = excluded.lease_until, updated_at = excluded.updated_at
         WHERE i.status IN ('received', 'failed') OR (i.status = 'processing' AND i.lease_until < excluded.updated_at)
       RETURNING attempts`,
      this.params(inbound, leaseMs),
    );
    if (claimed) return { kind: 'claimed', attempt: claimed.attempts };
    const existing = await this.db.one<InboxRow>('SELECT * FROM inbox WHERE channel = ? AND message_id = ?', [inbound.channel, inbound.messageId]);
    if (existing?.status === 'done' && existing.outcome) {
      return { kind: 'done', outcome: JSON.parse(existing.outcome) as Extract<ClaimResult, { kind: 'done' }>['outcome'] };
    }
    return { kind: 'in_progress' };
  }

  async markFailed(channel: string, messageId: string, error: string, attempt: number): Promise<void> {
    await this.db.run(
      `UPDATE inbox SET status = 'failed', last_error = ?, lease_until = NULL, updated_at = ?
       WHERE channel = ? AND message_id = ? AND status = 'processing' AND attempts = ?`,
      [error.slice(0, 2000), Date.now(), channel, messageId, attempt],
    );
  }

  async renewLease(channel: string, messageId: string, attempt: number, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    const renewed = await this.db.run(
      `UPDATE inbox SET lease_until = ?, updated_at = ?
       WHERE channel = ? AND message_id = ? AND status = 'processing' AND attempts = ?`,
      [now + leaseMs, now, channel, messageId, attempt],
    );
    return renewed === 1;
  }

  async get(channel: string, messageId: string): Promise<InboxEntry | null> {
    const row = await this.db.one<InboxRow>('SELECT * FROM inbox WHERE channel = ? AND message_id = ?', [channel, messageId]);
    return row ? toInboxEntry(row) : null;
  }

  async listByStatus(status: InboxStatus, limit: number): Promise<InboxEntry[]> {
    return (await this.db.all<InboxRow>('SELECT * FROM inbox WHERE status = ? ORDER BY received_at LIMIT ?', [status, limit])).map(toInboxEntry);
  }

  async listStuck(now: Date, limit: number): Promise<InboxEntry[]> {
    const rows = await this.db.all<InboxRow>(
      `SELECT * FROM inbox WHERE status IN ('received', 'processing') AND (lease_until IS NULL OR lease_until < ?)
       ORDER BY received_at LIMIT ?`,
      [now.getTime(), limit],
    );
    return rows.map(toInboxEntry);
  }

  async listRetryable(maxAttempts: number, limit: number): Promise<InboxEntry[]> {
    const rows = await this.db.all<InboxRow>(`SELECT * FROM inbox WHERE status = 'failed' AND attempts < ? ORDER BY updated_at LIMIT ?`, [maxAttempts, limit]);
    return rows.map(toInboxEntry);
  }

  async countByStatus(): Promise<Record<InboxStatus, number>> {
    const counts: Record<InboxStatus, number> = { received: 0, processing: 0, done: 0, failed: 0 };
    for (const row of await this.db.all<{ status: InboxStatus; n: number }>('SELECT status, COUNT(*) AS n FROM inbox GROUP BY status')) counts[row.status] = row.n;
    return counts;
  }
}
