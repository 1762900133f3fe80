import { randomUUID } from 'node:crypto';
import type { EscalationReason } from '../../domain/types.js';
import type { Escalation, EscalationRepository, EscalationStatus, StaffMember } from '../types.js';
import type { SqliteDatabase } from './open-database.js';
import { toEscalation, type EscalationRow } from '../sql/rows.js';

const conversationStateAfter = { taken: 'human', resolved: 'resolved', handed_back: 'bot' } as const;

export class SqliteEscalationRepository implements EscalationRepository {
  constructor(private readonly db: SqliteDatabase) {}

  private one(sql: string, ...params: unknown[]): Escalation | null {
    const row = this.db.prepare<unknown[], EscalationRow>(sql).get(...params);
    return row ? toEscalation(row) : null;
  }

  private changed(sql: string, ...params: unknown[]): boolean {
    return this.db.prepare(sql).run(...params).changes === 1;
  }

  async open(conversationId: string): Promise<Escalation | null> {
    return this.one(`SELECT * FROM escalations WHERE conversation_id = ? AND status IN ('open', 'taken')`, conversationId);
  }

  async get(id: string): Promise<Escalation | null> {
    return this.one('SELECT * FROM escalations WHERE id = ?', id);
  }

  async latest(conversationId: string): Promise<Escalation | null> {
    return this.one('SELECT * FROM escalations WHERE conversation_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1', conversationId);
  }

  async findByStaffThread(staffThread: string): Promise<Escalation | null> {
    return this.one('SELECT * FROM escalations WHERE staff_thread = ?', staffThread);
  }

  async listByStatus(status: EscalationStatus, limit: number): Promise<Escalation[]> {
    return this.db.prepare<[string, number], EscalationRow>('SELECT * FROM escalations WHERE status = ? ORDER BY created_at LIMIT ?').all(status, limit).map(toEscalation);
  }

  async listRecent(statuses: readonly EscalationStatus[], limit: number): Promise<Escalation[]> {
    if (statuses.length === 0) return [];
    return this.db
      .prepare<unknown[], EscalationRow>(`SELECT * FROM escalations WHERE status IN (${statuses.map(() => '?').join(', ')}) ORDER BY created_at DESC, rowid DESC LIMIT ?`)
      .all(...statuses, limit)
      .map(toEscalation);
  }

  async listForConversation(conversationId: string): Promise<Escalation[]> {
    return this.db.prepare<[string], EscalationRow>('SELECT * FROM escalations WHERE conversation_id = ? ORDER BY created_at, rowid').all(conversationId).map(toEscalation);
  }

  async setStatus(id: string, status: EscalationStatus, assignee?: string | null): Promise<void> {
    this.db.prepare('UPDATE escalations SET status = ?, assignee = COALESCE(?, assignee), updated_at = ? WHERE id = ?').run(status, assignee ?? null, Date.now(), id);
  }

  async claimStaffThread(id: string, claimant: string, now: Date, staleAfterMs: number): Promise<boolean> {
    return this.changed(
      `UPDATE escalations SET staff_thread_claim = ?, staff_thread_claimed_at = ?
       WHERE id = ? AND staff_thread IS NULL AND (staff_thread_claim IS NULL OR staff_thread_claimed_at < ?)`,
      claimant,
      now.getTime(),
      id,
      now.getTime() - staleAfterMs,
    );
  }

  async releaseStaffThreadClaim(id: string, claimant: string): Promise<void> {
    this.db.prepare('UPDATE escalations SET staff_thread_claim = NULL, staff_thread_claimed_at = NULL WHERE id = ? AND staff_thread_claim = ?').run(id, claimant);
  }

  async setStaffThread(id: string, staffThread: string, cursor: number): Promise<void> {
    this.db
      .prepare(
        `UPDATE escalations SET staff_thread = ?, staff_cursor = MAX(staff_cursor, ?), staff_thread_claim = NULL,
           staff_thread_claimed_at = NULL, updated_at = ? WHERE id = ?`,
      )
      .run(staffThread, cursor, Date.now(), id);
  }

  async advanceStaffCursor(id: string, cursor: number): Promise<void> {
    this.db.prepare('UPDATE escalations SET staff_cursor = MAX(staff_cursor, ?) WHERE id = ?').run(cursor, id);
  }

  async listUnpublished(since: Date, now: Date, staleAfterMs: number, limit: number): Promise<Escalation[]> {
    return this.db
      .prepare<[number, number, number], EscalationRow>(
        `SELECT * FROM escalations
         WHERE status IN ('open', 'taken') AND staff_thread IS NULL AND created_at >= ?
           AND (staff_thread_claim IS NULL OR staff_thread_claimed_at < ?)
         ORDER BY created_at LIMIT ?`,
      )
      .all(since.getTime(), now.getTime() - staleAfterMs, limit)
      .map(toEscalation);
  }

  async take(id: string, staff: StaffMember, now: Date): Promise<Escalation | null> {
    return this.transition(
      `UPDATE escalations SET status = 'taken', assignee = @staffId, assignee_name = @staffName, taken_at = @now, updated_at = @now
       WHERE id = @id AND status = 'open' RETURNING *`,
      { id, staffId: staff.id, staffName: staff.name, now: now.getTime() },
      conversationStateAfter.taken,
    );
  }

  async close(id: string, status: 'resolved' | 'handed_back', staff: StaffMember, now: Date): Promise<Escalation | null> {
    return this.transition(
      `UPDATE escalations SET status = @status, closed_at = @now, closed_by = @staffId, closed_by_name = @staffName, updated_at = @now
       WHERE id = @id AND status IN ('open', 'taken') RETURNING *`,
      { id, status, staffId: staff.id, staffName: staff.name, now: now.getTime() },
      conversationStateAfter[status],
    );
  }

  /** Moves the escalation and its conversation together, so a crash cannot leave them disagreeing. */
  private transition(sql: string, params: Record<string, unknown>, conversationState: string): Escalation | null {
    return this.db
      .transaction(() => {
        const row = this.db.prepare<[Record<string, unknown>], EscalationRow>(sql).get(params);
        if (!row) return null;
        this.db.prepare('UPDATE conversations SET state = ?, updated_at = ? WHERE id = ?').run(conversationState, Date.now(), row.conversation_id);
        return toEscalation(row);
      })
      .immediate();
  }

  async listDueReminders(now: Date, intervalMs: number, maxReminders: number, limit: number): Promise<Escalation[]> {
    return this.db
      .prepare<[number, number, number], EscalationRow>(
        `SELECT * FROM escalations
         WHERE status = 'open' AND staff_thread IS NOT NULL AND reminders_sent < ?
           AND COALESCE(last_reminder_at, created_at) <= ?
         ORDER BY created_at LIMIT ?`,
      )
      .all(maxReminders, now.getTime() - intervalMs, limit)
      .map(toEscalation);
  }

  async claimReminder(id: string, remindersSent: number, now: Date): Promise<boolean> {
    return this.changed(
      `UPDATE escalations SET reminders_sent = reminders_sent + 1, last_reminder_at = ?
       WHERE id = ? AND status = 'open' AND reminders_sent = ?`,
      now.getTime(),
      id,
      remindersSent,
    );
  }

  async requestRating(id: string, now: Date): Promise<void> {
    this.db.prepare('UPDATE escalations SET rating_requested_at = ?, updated_at = ? WHERE id = ?').run(now.getTime(), now.getTime(), id);
  }

  async recordRating(id: string, rating: number): Promise<boolean> {
    return this.changed('UPDATE escalations SET rating = ?, updated_at = ? WHERE id = ? AND rating_requested_at IS NOT NULL AND rating IS NULL', rating, Date.now(), id);
  }

  /** Opens an escalation unless one is already active; synchronous for use inside a turn's transaction. */
  openIfNoneSync(conversationId: string, reasons: EscalationReason[], evidence: string[]): void {
    const now = Date.now();
    this.db
      .prepare(
        `INSERT INTO escalations (id, conversation_id, reasons, evidence, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'open', ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(randomUUID(), conversationId, JSON.stringify(reasons), JSON.stringify(evidence), now, now);
  }
}
