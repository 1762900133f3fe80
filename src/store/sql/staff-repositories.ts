import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditRepository, StaffAccount, StaffAccountRepository, StaffMember, StaffNote, StaffNoteRepository, StaffRole } from '../types.js';
import type { SqlDialect } from './dialect.js';
import type { SqlQueries } from './queries.js';
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
} from './staff-rows.js';

/** Staff accounts, written once for both stores; usernames are unique and found whatever their case. */
export class SqlStaffAccountRepository implements StaffAccountRepository {
  constructor(
    private readonly db: SqlQueries,
    private readonly dialect: SqlDialect,
  ) {}

  async create(input: { username: string; name: string; role: StaffRole; passwordHash: string }): Promise<StaffAccount | null> {
    const now = Date.now();
    const row = await this.db.one<AccountRow>(
      `INSERT INTO staff_accounts (id, username, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING RETURNING *`,
      [randomUUID(), input.username, input.name, input.role, input.passwordHash, now, now],
    );
    return row ? toAccount(row) : null;
  }

  async get(id: string): Promise<StaffAccount | null> {
    const row = await this.db.one<AccountRow>('SELECT * FROM staff_accounts WHERE id = ?', [id]);
    return row ? toAccount(row) : null;
  }

  async findByUsername(username: string): Promise<StaffAccount | null> {
    const { caseless } = this.dialect;
    const row = await this.db.one<AccountRow>(`SELECT * FROM staff_accounts WHERE ${caseless('username')} = ${caseless('?')}`, [username]);
    return row ? toAccount(row) : null;
  }

  async list(): Promise<StaffAccount[]> {
    return (await this.db.all<AccountRow>(`SELECT * FROM staff_accounts ORDER BY ${this.dialect.caseless('username')}`)).map(toAccount);
  }

  async countActive(): Promise<number> {
    return (await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM staff_accounts WHERE disabled_at IS NULL'))!.n;
  }

  async update(id: string, change: { role?: StaffRole; passwordHash?: string; disabled?: boolean }): Promise<void> {
    const disabled = this.dialect.typed('disabled', 'bigint');
    await this.db.run(
      `UPDATE staff_accounts SET role = COALESCE(@role, role), password_hash = COALESCE(@hash, password_hash),
         disabled_at = CASE WHEN ${disabled} IS NULL THEN disabled_at WHEN ${disabled} = 1 THEN COALESCE(disabled_at, @now) ELSE NULL END,
         updated_at = @now
       WHERE id = @id`,
      // 1 or 0: SQLite binds no booleans.
      { role: change.role ?? null, hash: change.passwordHash ?? null, disabled: change.disabled === undefined ? null : Number(change.disabled), now: Date.now(), id },
    );
  }
}

export class SqlAuditRepository implements AuditRepository {
  constructor(
    private readonly db: SqlQueries,
    private readonly dialect: SqlDialect,
  ) {}

  async record(entry: { actor: StaffMember; action: string; target?: string | null; detail?: Record<string, unknown> | null }): Promise<void> {
    await this.db.run(insertAuditSql, auditParams(entry));
  }

  async list(limit: number, filter: { action?: string } = {}): Promise<AuditEntry[]> {
    const rows = await this.db.all<AuditRow>(`SELECT * FROM audit_log WHERE (${this.dialect.typed('action', 'text')} IS NULL OR action = @action) ORDER BY id DESC LIMIT @limit`, {
      action: filter.action ?? null,
      limit,
    });
    return rows.map(toAuditEntry);
  }
}

export class SqlStaffNoteRepository implements StaffNoteRepository {
  constructor(private readonly db: SqlQueries) {}

  async add(note: NewNote): Promise<StaffNote | null> {
    const row = await this.db.one<NoteRow>(`${insertNoteSql} RETURNING *`, noteParams(note));
    return row ? toNote(row) : null;
  }

  async listForConversation(conversationId: string): Promise<StaffNote[]> {
    return (await this.db.all<NoteRow>('SELECT * FROM staff_notes WHERE conversation_id = ? ORDER BY id', [conversationId])).map(toNote);
  }
}
