import type { AuditEntry, StaffAccount, StaffMember, StaffNote, StaffRole } from '../types.js';

// Rows of the staff tables as both stores read them, and the statements that are the same text
// in SQLite and Postgres.

export interface AccountRow {
  id: string;
  username: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
}

export const toAccount = (row: AccountRow): StaffAccount => ({
  id: row.id,
  username: row.username,
  name: row.name,
  role: row.role,
  passwordHash: row.password_hash,
  createdAt: new Date(row.created_at),
  disabledAt: row.disabled_at === null ? null : new Date(row.disabled_at),
});

export interface AuditRow {
  id: number;
  actor_id: string;
  actor_name: string;
  action: string;
  target: string | null;
  detail: string | null;
  created_at: number;
}

export const toAuditEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  actor: { id: row.actor_id, name: row.actor_name },
  action: row.action,
  target: row.target,
  detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
  at: new Date(row.created_at),
});

export const insertAuditSql = 'INSERT INTO audit_log (actor_id, actor_name, action, target, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)';

export const auditParams = (entry: { actor: StaffMember; action: string; target?: string | null; detail?: Record<string, unknown> | null }) => [
  entry.actor.id,
  entry.actor.name,
  entry.action,
  entry.target ?? null,
  entry.detail ? JSON.stringify(entry.detail) : null,
  Date.now(),
];

export interface NoteRow {
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

export interface NewNote {
  conversationId: string;
  escalationId: string | null;
  author: StaffMember;
  text: string;
  sourceId?: string | null;
  createdAt?: Date;
}

/** A note copied from a staff thread carries its source id, so a second copy is ignored. */
export const insertNoteSql = `
  INSERT INTO staff_notes (conversation_id, escalation_id, author_id, author_name, text, source_id, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;

export const noteParams = (note: NewNote) => [
  note.conversationId,
  note.escalationId,
  note.author.id,
  note.author.name,
  note.text,
  note.sourceId ?? null,
  (note.createdAt ?? new Date()).getTime(),
];
