import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditRepository, StaffAccount, StaffAccountRepository, StaffMember, StaffNote, StaffNoteRepository, StaffRole } from '../types.js';
import { toNote } from '../sqlite/staff-repositories.js';
import type { PgDatabase } from './pg-database.js';

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

export class PgStaffAccountRepository implements StaffAccountRepository {
  constructor(private readonly db: PgDatabase) {}

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
    const row = await this.db.one<AccountRow>('SELECT * FROM staff_accounts WHERE lower(username) = lower(?)', [username]);
    return row ? toAccount(row) : null;
  }

  async list(): Promise<StaffAccount[]> {
    return (await this.db.all<AccountRow>('SELECT * FROM staff_accounts ORDER BY lower(username)')).map(toAccount);
  }

  async countActive(): Promise<number> {
    return (await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM staff_accounts WHERE disabled_at IS NULL'))!.n;
  }

  async update(id: string, change: { role?: StaffRole; passwordHash?: string; disabled?: boolean }): Promise<void> {
    const now = Date.now();
    await this.db.run(
      `UPDATE staff_accounts SET role = COALESCE(@role, role), password_hash = COALESCE(@hash, password_hash),
         disabled_at = CASE WHEN @disabled::boolean IS NULL THEN disabled_at WHEN @disabled::boolean THEN COALESCE(disabled_at, @now) ELSE NULL END,
         updated_at = @now
       WHERE id = @id`,
      { role: change.role ?? null, hash: change.passwordHash ?? null, disabled: change.disabled ?? null, now, id },
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

export class PgAuditRepository implements AuditRepository {
  constructor(private readonly db: PgDatabase) {}

  async record(entry: { actor: StaffMember; action: string; target?: string | null; detail?: Record<string, unknown> | null }): Promise<void> {
    await this.db.run('INSERT INTO audit_log (actor_id, actor_name, action, target, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      entry.actor.id,
      entry.actor.name,
      entry.action,
      entry.target ?? null,
      entry.detail ? JSON.stringify(entry.detail) : null,
      Date.now(),
    ]);
  }

  async list(limit: number, filter: { action?: string } = {}): Promise<AuditEntry[]> {
    const rows = await this.db.all<AuditRow>('SELECT * FROM audit_log WHERE (@action::text IS NULL OR action = @action) ORDER BY id DESC LIMIT @limit', {
      action: filter.action ?? null,
      limit,
    });
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

export class PgStaffNoteRepository implements StaffNoteRepository {
  constructor(private readonly db: PgDatabase) {}

  async add(note: {
    conversationId: string;
    escalationId: string | null;
    author: StaffMember;
    text: string;
    sourceId?: string | null;
    createdAt?: Date;
  }): Promise<StaffNote | null> {
    const row = await this.db.one<Parameters<typeof toNote>[0]>(
      `INSERT INTO staff_notes (conversation_id, escalation_id, author_id, author_name, text, source_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
      [note.conversationId, note.escalationId, note.author.id, note.author.name, note.text, note.sourceId ?? null, (note.createdAt ?? new Date()).getTime()],
    );
    return row ? toNote(row) : null;
  }

  async listForConversation(conversationId: string): Promise<StaffNote[]> {
    return (await this.db.all<Parameters<typeof toNote>[0]>('SELECT * FROM staff_notes WHERE conversation_id = ? ORDER BY id', [conversationId])).map(toNote);
  }
}
