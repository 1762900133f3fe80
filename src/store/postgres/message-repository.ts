import type { StoredMessage } from '../../domain/types.js';
import { insertMessageSql, latestMessagesSql, messageParameters, sameMessageParams, sameMessageSql } from '../sql/message-statements.js';
import type { MessageRepository, NewMessage } from '../types.js';
import { toMessage, type MessageRow } from '../sql/rows.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';

/** Appends a message, or returns the copy a unique index kept (a platform message stored once). */
export async function appendMessage(db: PgQueryable, message: NewMessage): Promise<StoredMessage> {
  const row = await db.one<MessageRow>(insertMessageSql, messageParameters(message));
  if (row) return toMessage(row);
  const existing = await db.one<MessageRow>(sameMessageSql, sameMessageParams(message));
  if (!existing) throw new Error('message insert was ignored but no existing row was found');
  return toMessage(existing);
}

export class PgMessageRepository implements MessageRepository {
  constructor(private readonly db: PgDatabase) {}

  async recent(conversationId: string, limit: number): Promise<StoredMessage[]> {
    const rows = await this.db.all<MessageRow>(latestMessagesSql, [conversationId, limit]);
    return rows.map(toMessage);
  }

  append(message: NewMessage): Promise<StoredMessage> {
    return appendMessage(this.db, message);
  }

  async appendOnce(message: NewMessage): Promise<StoredMessage | null> {
    const row = await this.db.one<MessageRow>(insertMessageSql, messageParameters(message));
    return row ? toMessage(row) : null;
  }

  async after(conversationId: string, afterId: number, limit: number): Promise<StoredMessage[]> {
    return (await this.db.all<MessageRow>('SELECT * FROM messages WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?', [conversationId, afterId, limit])).map(toMessage);
  }

  async countInbound(conversationId: string): Promise<number> {
    return (await this.db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND direction = 'in'`, [conversationId]))?.n ?? 0;
  }

  async latestId(): Promise<number> {
    return (await this.db.one<{ id: number | null }>('SELECT MAX(id) AS id FROM messages'))?.id ?? 0;
  }
}
