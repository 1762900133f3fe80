import type { StoredMessage } from '../../domain/types.js';
import { insertMessageSql, latestMessagesSql, messageParameters, sameMessageParams, sameMessageSql } from '../sql/message-statements.js';
import type { MessageRepository, NewMessage } from '../types.js';
import type { SqliteDatabase } from './open-database.js';
import { toMessage, type MessageRow } from '../sql/rows.js';

export class SqliteMessageRepository implements MessageRepository {
  private readonly insert;
  private readonly recentRows;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare(insertMessageSql);
    this.recentRows = db.prepare<[string, number], MessageRow>(latestMessagesSql);
  }

  async recent(conversationId: string, limit: number): Promise<StoredMessage[]> {
    return this.recentRows.all(conversationId, limit).map(toMessage);
  }

  async append(message: NewMessage): Promise<StoredMessage> {
    return this.appendSync(message);
  }

  async appendOnce(message: NewMessage): Promise<StoredMessage | null> {
    const row = this.insert.get(messageParameters(message)) as MessageRow | undefined;
    return row ? toMessage(row) : null;
  }

  async after(conversationId: string, afterId: number, limit: number): Promise<StoredMessage[]> {
    return this.db
      .prepare<[string, number, number], MessageRow>('SELECT * FROM messages WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?')
      .all(conversationId, afterId, limit)
      .map(toMessage);
  }

  /** Synchronous twin for use inside a SQLite transaction. */
  appendSync(message: NewMessage): StoredMessage {
    const row = this.insert.get(messageParameters(message)) as MessageRow | undefined;
    if (row) return toMessage(row);
    // A unique index swallowed a second copy of a platform message: return the first.
    const existing = this.db.prepare<unknown[], MessageRow>(sameMessageSql).get(...sameMessageParams(message));
    if (!existing) throw new Error('message insert was ignored but no existing row was found');
    return toMessage(existing);
  }

  async latestId(): Promise<number> {
    return this.db.prepare<[], { id: number | null }>('SELECT MAX(id) AS id FROM messages').get()?.id ?? 0;
  }

  async countInbound(conversationId: string): Promise<number> {
    const row = this.db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND direction = 'in'`).get(conversationId);
    return row?.n ?? 0;
  }
}
