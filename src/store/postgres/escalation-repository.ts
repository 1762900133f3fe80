import { randomUUID } from 'node:crypto';
import type { EscalationReason } from '../../domain/types.js';
import type { Escalation, EscalationRepository, EscalationStatus, StaffMember } from '../types.js';
import { toEscalation, type EscalationRow } from '../sql/rows.js';
import type { PgDatabase, PgQueryable, SqlParams } from './pg-database.js';

const conversationStateAfter = { taken: 'human', resolved: 'resolved', handed_back: 'bot' } as const;

/** Opens an escalation unless one is already active (a partial unique index decides); inside a turn's transaction. */
export async function openEscalationIfNone(db: PgQueryable, conversationId: string, reasons: EscalationReason[], evidence: string[]): Promise<void> {
  const now = Date.now();
  await db.run(
    `INSERT INTO escalations (id, conversation_id, reasons, evidence, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'open', ?, ?) ON CONFLICT DO NOTHING`,
    [randomUUID(), conversationId, JSON.stringify(reasons), JSON.stringify(evidence), now, now],
  );
}

export class PgEscalationRepository implements EscalationRepository {
  constructor(private readonly db: PgDatabase) {}

  private async one(sql: string, params: SqlParams): Promise<Escalation | null> {
    const row = await this.db.one<EscalationRow>(sql, params);
    return row ? toEscalation(row) : null;
  }

  private async many(sql: string, params: SqlParams): Promise<Escalation[]> {
    return (await this.db.all<EscalationRow>(sql, params)).map(toEscalation);
  }

  private async changed(sql: string, params: SqlParams): Promise<boolean> {
    return (await this.db.run(sql, params)) === 1;
  }

  open(conversationId: string): Promise<Escalation | null> {
    return this.one(`SELECT * FROM escalations WHERE conversation_id = ? AND status IN ('open', 'taken')`, [conversationId]);
  }

  get(id: string): Promise<Escalation | null> {
    return this.one('SELECT * FROM escalations WHERE id = ?', [id]);
  }

  latest(conversationId: string): Promise<Escalation | null> {
    return this.one('SELECT * FROM escalations WHERE conversation_id = ? ORDER BY created_at DESC, seq DESC LIMIT 1', [conversationId]);
  }

  findByStaffThread(staffThread: string): Promise<Escalation | null> {
    return this.one('SELECT * FROM escalations WHERE staff_thread = ?', [staffThread]);
  }

  listByStatus(status: EscalationStatus, limit: number): Promise<Escalation[]> {
    return this.many('SELECT * FROM escalations WHERE status = ? ORDER BY created_at LIMIT ?', [status, limit]);
  }

  async listRecent(statuses: readonly EscalationStatus[], limit: number): Promise<Escalation[]> {
    if (statuses.length === 0) return [];
    return this.many('SELECT * FROM escalations WHERE status = ANY(?::text[]) ORDER BY created_at DESC, seq DESC LIMIT ?', [statuses, limit]);
  }

  listForConversation(conversationId: string): Promise<Escalation[]> {
    return this.many('SELECT * FROM escalations WHERE conversation_id = ? ORDER BY created_at, seq', [conversationId]);
  }

  async setStatus(id: string, status: EscalationStatus, assignee?: string | null): Promise<void> {
    await this.db.run('UPDATE escalations SET status = ?, assignee = COALESCE(?, assignee), updated_at = ? WHERE id = ?', [status, assignee ?? null, Date.now(), id]);
  }

  claimStaffThread(id: string, claimant: string, now: Date, staleAfterMs: number): Promise<boolean> {
    return this.changed(
      `UPDATE escalations SET staff_thread_claim = ?, staff_thread_claimed_at = ?
       WHERE id = ? AND staff_thread IS NULL AND (staff_thread_claim IS NULL OR staff_thread_claimed_at < ?)`,
      [claimant, now.getTime(), id, now.getTime() - staleAfterMs],
    );
  }

  async releaseStaffThreadClaim(id: string, claimant: string): Promise<void> {
    await this.db.run('UPDATE escalations SET staff_thread_claim = NULL, staff_thread_claimed_at = NULL WHERE id = ? AND staff_thread_claim = ?', [id, claimant]);
  }

  async setStaffThread(id: string, staffThread: string, cursor: number): Promise<void> {
    await this.db.run(
      `UPDATE escalations SET staff_thread = ?, staff_cursor = GREATEST(staff_cursor, ?), staff_thread_claim = NULL,
         staff_thread_claimed_at = NULL, updated_at = ? WHERE id = ?`,
      [staffThread, cursor, Date.now(), id],
    );
  }

  async advanceStaffCursor(id: string, cursor: number): Promise<void> {
    await this.db.run('UPDATE escalations SET staff_cursor = GREATEST(staff_cursor, ?) WHERE id = ?', [cursor, id]);
  }

  listUnpublished(since: Date, now: Date, staleAfterMs: number, limit: number): Promise<Escalation[]> {
    return this.many(
      `SELECT * FROM escalations
       WHERE status IN ('open', 'taken') AND staff_thread IS NULL AND created_at >= ?
         AND (staff_thread_claim IS NULL OR staff_thread_claimed_at < ?)
       ORDER BY created_at LIMIT ?`,
      [since.getTime(), now.getTime() - staleAfterMs, limit],
    );
  }

  take(id: string, staff: StaffMember, now: Date): Promise<Escalation | null> {
    return this.transition(
      `UPDATE escalations SET status = 'taken', assignee = @staffId, assignee_name = @staffName, taken_at = @now, updated_at = @now
       WHERE id = @id AND status = 'open' RETURNING *`,
      { id, staffId: staff.id, staffName: staff.name, now: now.getTime() },
      conversationStateAfter.taken,
    );
  }

  close(id: string, status: 'resolved' | 'handed_back', staff: StaffMember, now: Date): Promise<Escalation | null> {
    return this.transition(
      `UPDATE escalations SET status = @status, closed_at = @now, closed_by = @staffId, closed_by_name = @staffName, updated_at = @now
       WHERE id = @id AND status IN ('open', 'taken') RETURNING *`,
      { id, status, staffId: staff.id, staffName: staff.name, now: now.getTime() },
      conversationStateAfter[status],
    );
  }

  /** Moves the escalation and its conversation together, so a crash cannot leave them disagreeing. */
  private transition(sql: string, params: Record<string, unknown>, conversationState: string): Promise<Escalation | null> {
    return this.db.transaction(async (tx) => {
      const row = await tx.one<EscalationRow>(sql, params);
      if (!row) return null;
      await tx.run('UPDATE conversations SET state = ?, updated_at = ? WHERE id = ?', [conversationState, Date.now(), row.conversation_id]);
      return toEscalation(row);
    });
  }

  listDueReminders(now: Date, intervalMs: number, maxReminders: number, limit: number): Promise<Escalation[]> {
    return this.many(
      `SELECT * FROM escalations
       WHERE status = 'open' AND staff_thread IS NOT NULL AND reminders_sent < ?
         AND COALESCE(last_reminder_at, created_at) <= ?
       ORDER BY created_at LIMIT ?`,
      [maxReminders, now.getTime() - intervalMs, limit],
    );
  }

  claimReminder(id: string, remindersSent: number, now: Date): Promise<boolean> {
    return this.changed(
      `UPDATE escalations SET reminders_sent = reminders_sent + 1, last_reminder_at = ?
       WHERE id = ? AND status = 'open' AND reminders_sent = ?`,
      [now.getTime(), id, remindersSent],
    );
  }

  async requestRating(id: string, now: Date): Promise<void> {
    await this.db.run('UPDATE escalations SET rating_requested_at = ?, updated_at = ? WHERE id = ?', [now.getTime(), now.getTime(), id]);
  }

  recordRating(id: string, rating: number): Promise<boolean> {
    return this.changed('UPDATE escalations SET rating = ?, updated_at = ? WHERE id = ? AND rating_requested_at IS NOT NULL AND rating IS NULL', [rating, Date.now(), id]);
  }
}
