import type { ConversationReading, OpenedConversation, TurnOrderAction } from '../../core/ports/store.js';
import { postgresDialect } from '../sql/dialect.js';
import { SqlConversationRepository, toMemory, type SummaryRow } from '../sql/conversation-repository.js';
import { toConversation, toMessage, type ConversationRow, type MessageRow } from '../sql/rows.js';
import type { PgDatabase } from './pg-database.js';

interface OpenedRow {
  conversation: ConversationRow;
  history: MessageRow[];
  summary: SummaryRow | null;
  order_actions: TurnOrderAction[];
  entries: Array<{ key: string; value: string }>;
}

/**
 * On Postgres every round trip costs more than the turn's own work on the data (a turn on
 * SQLite takes a few milliseconds of CPU in all), so the conversation, its latest messages and
 * what the stages keep about it come back from one statement. JSON keeps the row shapes: the
 * mappers read them as they are.
 */
const openSql = `SELECT row_to_json(c) AS conversation,
    (SELECT COALESCE(json_agg(m ORDER BY m.id), '[]'::json)
       FROM (SELECT * FROM messages WHERE conversation_id = c.id ORDER BY id DESC LIMIT @history) AS m) AS history,
    (SELECT row_to_json(s) FROM (SELECT text, through_message_id FROM conversation_summaries WHERE conversation_id = c.id) AS s) AS summary,
    (SELECT COALESCE(json_agg(a ORDER BY a.created_at DESC, a.seq DESC), '[]'::json)
       FROM (SELECT kind, status, created_at, seq FROM order_actions WHERE conversation_id = c.id ORDER BY created_at DESC, seq DESC LIMIT @actions) AS a) AS order_actions,
    (SELECT COALESCE(json_agg(k), '[]'::json)
       FROM (SELECT key, value FROM key_values
              WHERE key IN (SELECT prefix || c.id FROM unnest(@prefixes::text[]) AS prefix) AND (expires_at IS NULL OR expires_at > @now)) AS k) AS entries
  FROM conversations AS c WHERE c.channel = @channel AND c.conversation_key = @conversationKey`;

export class PgConversationRepository extends SqlConversationRepository {
  constructor(db: PgDatabase) {
    super(db, postgresDialect);
  }

  override async open(input: { channel: string; conversationKey: string; userId: string }, reading: ConversationReading): Promise<OpenedConversation> {
    const found = await this.db.one<OpenedRow>(openSql, {
      history: reading.historyMessages,
      actions: reading.orderActions,
      prefixes: reading.valuePrefixes,
      now: Date.now(),
      channel: input.channel,
      conversationKey: input.conversationKey,
    });
    // First contact: created, with nothing kept about it yet (its id is new).
    if (!found) return { conversation: await this.create(input), history: [], memory: toMemory(null, [], []) };
    return {
      conversation: toConversation(found.conversation),
      history: found.history.map(toMessage),
      memory: toMemory(found.summary, found.order_actions, found.entries),
    };
  }
}
