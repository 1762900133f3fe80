import type { OpenedConversation } from '../../core/ports/store.js';
import { postgresDialect } from '../sql/dialect.js';
import { SqlConversationRepository } from '../sql/conversation-repository.js';
import { toConversation, toMessage, type ConversationRow, type MessageRow } from '../sql/rows.js';
import type { PgDatabase } from './pg-database.js';

/**
 * On Postgres every round trip costs more than the turn's own work on the data (a turn on
 * SQLite takes a few milliseconds of CPU in all), so the conversation and its latest messages
 * come back from one statement. JSON keeps the row shapes: the mappers read them as they are.
 */
export class PgConversationRepository extends SqlConversationRepository {
  constructor(db: PgDatabase) {
    super(db, postgresDialect);
  }

  override async open(input: { channel: string; conversationKey: string; userId: string }, historyMessages: number): Promise<OpenedConversation> {
    const found = await this.db.one<{ conversation: ConversationRow; history: MessageRow[] }>(
      `SELECT row_to_json(c) AS conversation,
         (SELECT COALESCE(json_agg(m ORDER BY m.id), '[]'::json)
            FROM (SELECT * FROM messages WHERE conversation_id = c.id ORDER BY id DESC LIMIT ?) AS m) AS history
       FROM conversations AS c WHERE c.channel = ? AND c.conversation_key = ?`,
      [historyMessages, input.channel, input.conversationKey],
    );
    // First contact: created, with no messages yet.
    if (!found) return { conversation: await this.create(input), history: [] };
    return { conversation: toConversation(found.conversation), history: found.history.map(toMessage) };
  }
}
