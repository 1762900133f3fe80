import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditRepository, StaffAccount, StaffAccountRepository, StaffMember, StaffNote, StaffNoteRepository, StaffRole } from '../types.js';
import type { SqliteDatabase } from './open-database.js';

interface AccountRow {
  id: string;
  username: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
}

const toAccount = (row: AccountRow): StaffAccount => ({
  id: row.id,
  username: row.username,
  name: row.name,
  role: row.role,
  passwordHash: row.password_hash,
  createdAt: new Date(row.created_at),
  disabledAt: row.disabled_at === null ? null : new Date(row.disabled_at),
});

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

interface AuditRow {
  id: number;
  actor_id: string;
  actor_name: string;
  action: string;
  target: string | null;
  detail: string | null;
  created_at: number;
}

export class SqliteAuditRepository implements AuditRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async record(entry: { actor: StaffMember; action: string; target?: string | null; detail?: Record<string, unknown> | null }): Promise<void> {
    this.db
      .prepare('INSERT INTO audit_log (actor_id, actor_name, action, target, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(entry.actor.id, entry.actor.name, entry.action, entry.target ?? null, entry.detail ? JSON.stringify(entry.detail) : null, Date.now());
  }

  async list(limit: number, filter: { action?: string } = {}): Promise<AuditEntry[]> {
    const rows = this.db
      .prepare<[string | null, string | null, number], AuditRow>('SELECT * FROM audit_log WHERE (? IS NULL OR action = ?) ORDER BY id DESC LIMIT ?')
      .all(filter.action ?? null, filter.action ?? null, limit);
    return rows.map((row) => ({
      id: row.id,
      actor: { id: row.actor_id, name: row.actor_name },
      action: row.action,
      target: row.target,
      detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
      at: new Date(row.created_at),
    }));
  }
}

interface NoteRow {
  id: number;
  conversation_id: string;
  escalation_id: string | null;
  author_id: string;
  author_name: string;
  text: string;
  created_at: number;
}

export const toNote = (row: NoteRow): StaffNote => ({
  id: row.id,
  conversationId: row.conversation_id,
  escalationId: row.escalation_id,
  author: { id: row.author_id, name: row.author_name },
  text: row.text,
  createdAt: new Date(row.created_at),
});

export class SqliteStaffNoteRepository implements StaffNoteRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async add(note: {
    conversationId: string;
    escalationId: string | null;
    author: StaffMember;
    text: string;
    sourceId?: string | null;
    createdAt?: Date;
  }): Promise<StaffNote | null> {
    const result = this.db
      .prepare(
        `INSERT INTO staff_notes (conversation_id, escalation_id, author_id, author_name, text, source_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(note.conversationId, note.escalationId, note.author.id, note.author.name, note.text, note.sourceId ?? null, (note.createdAt ?? new Date()).getTime());
    if (result.changes === 0) return null;
    return toNote(this.db.prepare<[number], NoteRow>('SELECT * FROM staff_notes WHERE id = ?').get(Number(result.lastInsertRowid))!);
  }

  async listForConversation(conversationId: string): Promise<StaffNote[]> {
    return this.db.prepare<[string], NoteRow>('SELECT * FROM staff_notes WHERE conversation_id = ? ORDER BY id').all(conversationId).map(toNote);
  }
}
