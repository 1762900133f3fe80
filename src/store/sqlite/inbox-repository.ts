import type { Inbound } from '../../domain/types.js';
import type { ClaimResult, InboxEntry, InboxRepository, InboxStatus } from '../types.js';
import type { SqliteDatabase } from './open-database.js';
import { toInboxEntry, type InboxRow } from '../sql/rows.js';

interface InboxClaimParams {
  channel: string;
  messageId: string;
  conversationKey: string;
  inbound: string;
  leaseUntil: number;
  now: number;
}

function claimParams(inbound: Inbound, leaseMs: number, now = Date.now()): InboxClaimParams {
  return {
    channel: inbound.channel,
    messageId: inbound.messageId,
    conversationKey: inbound.conversationKey,
    inbound: JSON.stringify(inbound),
    leaseUntil: now + leaseMs,
    now,
  };
}

export class SqliteInboxRepository implements InboxRepository {
  private readonly upsert;
  private readonly insertReceived;
  private readonly select;

  constructor(private readonly db: SqliteDatabase) {
    // A new id is inserted; an existing one is re-leased when no turn of it is running: not
    // started yet (`received`: the claim runs inside the conversation lock, so the receiving
    // worker's own turn and a takeover cannot both get here at once), its last attempt failed,
    // or its lease ran out (the worker died). Done and live rows are left alone.
    this.upsert = db.prepare<[InboxClaimParams], { attempts: number }>(`
      INSERT INTO inbox (channel, message_id, conversation_key, status, attempts, inbound, lease_until, received_at, updated_at)
      VALUES (@channel, @messageId, @conversationKey, 'processing', 1, @inbound, @leaseUntil, @now, @now)
      ON CONFLICT (channel, message_id) DO UPDATE
        SET status = 'processing', attempts = inbox.attempts + 1, lease_until = excluded.lease_until,
            updated_at = excluded.updated_at
        WHERE inbox.status IN ('received', 'failed') OR (inbox.status = 'processing' AND inbox.lease_until < excluded.updated_at)
      RETURNING attempts`);
    this.insertReceived = db.prepare<[InboxClaimParams]>(`
      INSERT INTO inbox (channel, message_id, conversation_key, status, attempts, inbound, lease_until, received_at, updated_at)
      VALUES (@channel, @messageId, @conversationKey, 'received', 0, @inbound, @leaseUntil, @now, @now)
      ON CONFLICT (channel, message_id) DO NOTHING`);
    this.select = db.prepare<[string, string], InboxRow>('SELECT * FROM inbox WHERE channel = ? AND message_id = ?');
  }

  async accept(inbound: Inbound, leaseMs: number): Promise<void> {
    this.insertReceived.run(claimParams(inbound, leaseMs));
  }

  async claim(inbound: Inbound, leaseMs: number): Promise<ClaimResult> {
    const claimed = this.upsert.get(claimParams(inbound, leaseMs));
    if (claimed) return { kind: 'claimed', attempt: claimed.attempts };
    const existing = this.select.get(inbound.channel, inbound.messageId);
    if (existing?.status === 'done' && existing.outcome) {
      return { kind: 'done', outcome: JSON.parse(existing.outcome) as Extract<ClaimResult, { kind: 'done' }>['outcome'] };
    }
    return { kind: 'in_progress' };
  }

  async markFailed(channel: string, messageId: string, error: string, attempt: number): Promise<void> {
    this.db
      .prepare(
        `UPDATE inbox SET status = 'failed', last_error = ?, lease_until = NULL, updated_at = ?
         WHERE channel = ? AND message_id = ? AND status = 'processing' AND attempts = ?`,
      )
      .run(error.slice(0, 2000), Date.now(), channel, messageId, attempt);
  }

  async renewLease(channel: string, messageId: string, attempt: number, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    const renewed = this.db
      .prepare(
        `UPDATE inbox SET lease_until = ?, updated_at = ?
         WHERE channel = ? AND message_id = ? AND status = 'processing' AND attempts = ?`,
      )
      .run(now + leaseMs, now, channel, messageId, attempt);
    return renewed.changes === 1;
  }

  async get(channel: string, messageId: string): Promise<InboxEntry | null> {
    const row = this.select.get(channel, messageId);
    return row ? toInboxEntry(row) : null;
  }

  async listByStatus(status: InboxStatus, limit: number): Promise<InboxEntry[]> {
    const rows = this.db.prepare<[string, number], InboxRow>('SELECT * FROM inbox WHERE status = ? ORDER BY received_at LIMIT ?').all(status, limit);
    return rows.map(toInboxEntry);
  }

  async listStuck(now: Date, limit: number): Promise<InboxEntry[]> {
    return this.db
      .prepare<[number, number], InboxRow>(
        `SELECT * FROM inbox WHERE status IN ('received', 'processing') AND (lease_until IS NULL OR lease_until < ?)
         ORDER BY received_at LIMIT ?`,
      )
      .all(now.getTime(), limit)
      .map(toInboxEntry);
  }

  async listRetryable(maxAttempts: number, limit: number): Promise<InboxEntry[]> {
    return this.db
      .prepare<[number, number], InboxRow>(`SELECT * FROM inbox WHERE status = 'failed' AND attempts < ? ORDER BY updated_at LIMIT ?`)
      .all(maxAttempts, limit)
      .map(toInboxEntry);
  }

  async countByStatus(): Promise<Record<InboxStatus, number>> {
    const counts: Record<InboxStatus, number> = { received: 0, processing: 0, done: 0, failed: 0 };
    const rows = this.db.prepare<[], { status: InboxStatus; n: number }>('SELECT status, COUNT(*) AS n FROM inbox GROUP BY status').all();
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }
}
