import { randomUUID } from 'node:crypto';
import type { EscalationReason } from '../../core/types.js';
import type { Escalation, EscalationRepository, EscalationStatus } from '../types.js';
import type { SqliteDatabase } from './open-database.js';
import { toEscalation, type EscalationRow } from './rows.js';

export class SqliteEscalationRepository implements EscalationRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async open(conversationId: string): Promise<Escalation | null> {
    const row = this.db
      .prepare<[string], EscalationRow>(
        `SELECT * FROM escalations WHERE conversation_id = ? AND status IN ('open', 'taken')`,
      )
      .get(conversationId);
    return row ? toEscalation(row) : null;
  }

  async listByStatus(status: EscalationStatus, limit: number): Promise<Escalation[]> {
    return this.db
      .prepare<[string, number], EscalationRow>('SELECT * FROM escalations WHERE status = ? ORDER BY created_at LIMIT ?')
      .all(status, limit)
      .map(toEscalation);
  }

  async setStatus(id: string, status: EscalationStatus, assignee?: string | null): Promise<void> {
    this.db
      .prepare('UPDATE escalations SET status = ?, assignee = COALESCE(?, assignee), updated_at = ? WHERE id = ?')
      .run(status, assignee ?? null, Date.now(), id);
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
