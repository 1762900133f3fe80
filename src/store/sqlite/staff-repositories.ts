import { randomUUID } from 'node:crypto';
import {
  auditParams,
  insertAuditSql,
  insertNoteSql,
  noteParams,
  toAccount,
  toAuditEntry,
  toNote,
  type AccountRow,
  type AuditRow,
  type NewNote,
  type NoteRow,
} from '../sql/staff-rows.js';
import type { AuditEntry, AuditRepository, StaffAccount, StaffAccountRepository, StaffMember, StaffNote, StaffNoteRepository, StaffRole } from '../types.js';
import type { SqliteDatabase } from './open-database.js';

export class SqliteStaffAccountRepository implements StaffAccountRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async create(input: { username: string; name: string; role: StaffRole; passwordHash: string }): Promise<StaffAccount | null> {
    const id = randomUUID();
    const now = Date.now();
    const inserted = this.db
      .prepare(
        `INSERT INTO staff_accounts (id, username, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (username) DO NOTHING`,
      )
      .run(id, input.username, input.name, input.role, input.passwordHash, now, now);
    return inserted.changes === 1 ? this.get(id) : null;
  }

  async get(id: string): Promise<StaffAccount | null> {
    const row = this.db.prepare<[string], AccountRow>('SELECT * FROM staff_accounts WHERE id = ?').get(id);
    return row ? toAccount(row) : null;
  }

  async findByUsername(username: string): Promise<StaffAccount | null> {
    const row = this.db.prepare<[string], AccountRow>('SELECT * FROM staff_accounts WHERE username = ?').get(username);
    return row ? toAccount(row) : null;
  }

  async list(): Promise<StaffAccount[]> {
    return this.db.prepare<[], AccountRow>('SELECT * FROM staff_accounts ORDER BY username').all().map(toAccount);
  }

  async countActive(): Promise<number> {
    return this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM staff_accounts WHERE disabled_at IS NULL').get()!.n;
  }

  async update(id: string, change: { role?: StaffRole; passwordHash?: string; disabled?: boolean }): Promise<void> {
    const now = Date.now();
    this.db
      .prepare(
        `UPDATE staff_accounts SET role = COALESCE(?, role), password_hash = COALESCE(?, password_hash),
           disabled_at = CASE WHEN ? IS NULL THEN disabled_at WHEN ? = 1 THEN COALESCE(disabled_at, ?) ELSE NULL END, updated_at = ?
         WHERE id = ?`,
      )
      .run(
        change.role ?? null,
        change.passwordHash ?? null,
        change.disabled === undefined ? null : Number(change.disabled),
        change.disabled === undefined ? null : Number(change.disabled),
        now,
        now,
        id,
      );
  }
}

export class SqliteAuditRepository implements AuditRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async record(entry: { actor: StaffMember; action: string; target?: string | null; detail?: Record<string, unknown> | null }): Promise<void> {
    this.db.prepare(insertAuditSql).run(...auditParams(entry));
  }

  async list(limit: number, filter: { action?: string } = {}): Promise<AuditEntry[]> {
    const rows = this.db
      .prepare<[string | null, string | null, number], AuditRow>('SELECT * FROM audit_log WHERE (? IS NULL OR action = ?) ORDER BY id DESC LIMIT ?')
      .all(filter.action ?? null, filter.action ?? null, limit);
    return rows.map(toAuditEntry);
  }
}

export class SqliteStaffNoteRepository implements StaffNoteRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async add(note: NewNote): Promise<StaffNote | null> {
    const result = this.db.prepare(insertNoteSql).run(...noteParams(note));
    if (result.changes === 0) return null;
    return toNote(this.db.prepare<[number], NoteRow>('SELECT * FROM staff_notes WHERE id = ?').get(Number(result.lastInsertRowid))!);
  }

  async listForConversation(conversationId: string): Promise<StaffNote[]> {
    return this.db.prepare<[string], NoteRow>('SELECT * FROM staff_notes WHERE conversation_id = ? ORDER BY id').all(conversationId).map(toNote);
  }
}
