import { randomUUID } from 'node:crypto';
import type { Conversation, ConversationState } from '../../domain/types.js';
import type { ConversationMemory, ConversationReading, OpenedConversation, TurnOrderAction } from '../../core/ports/store.js';
import type { ConversationFilter, ConversationListItem, ConversationRepository } from '../types.js';
import type { SqlDialect } from './dialect.js';
import type { SqlQueries } from './queries.js';
import { latestMessagesSql } from './message-statements.js';
import { toConversation, toMessage, type ConversationRow, type MessageRow } from './rows.js';

/** `LIKE` matches the text literally: `%`, `_` and the escape character lose their meaning. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface ListRow extends ConversationRow {
  message_count: number;
  escalation_count: number;
  last_text: string | null;
  last_author: 'customer' | 'bot' | 'staff' | null;
  last_at: number | null;
}

export interface SummaryRow {
  text: string;
  through_message_id: number;
}

export const toMemory = (summary: SummaryRow | null, orderActions: TurnOrderAction[], values: ReadonlyArray<{ key: string; value: string }>): ConversationMemory => ({
  summary: summary && { text: summary.text, throughMessageId: summary.through_message_id },
  orderActions: orderActions.map(({ kind, status }) => ({ kind, status })),
  values: new Map(values.map((entry) => [entry.key, entry.value])),
});

/** Conversations, written once for both stores. */
export class SqlConversationRepository implements ConversationRepository {
  constructor(
    protected readonly db: SqlQueries,
    protected readonly dialect: SqlDialect,
  ) {}

  async findByKey(channel: string, conversationKey: string): Promise<Conversation | null> {
    const row = await this.db.one<ConversationRow>('SELECT * FROM conversations WHERE channel = ? AND conversation_key = ?', [channel, conversationKey]);
    return row ? toConversation(row) : null;
  }

  async getOrCreate(input: { channel: string; conversationKey: string; userId: string }): Promise<Conversation> {
    // Nearly every turn finds its conversation: one round trip, not an insert that does nothing and then the read.
    return (await this.findByKey(input.channel, input.conversationKey)) ?? this.create(input);
  }

  /** First contact; another worker creating it at the same moment is fine: the one row is read back. */
  protected async create(input: { channel: string; conversationKey: string; userId: string }): Promise<Conversation> {
    const now = Date.now();
    await this.db.run(
      `INSERT INTO conversations (id, channel, conversation_key, user_id, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'bot', ?, ?) ON CONFLICT (channel, conversation_key) DO NOTHING`,
      [randomUUID(), input.channel, input.conversationKey, input.userId, now, now],
    );
    return (await this.findByKey(input.channel, input.conversationKey))!;
  }

  async open(input: { channel: string; conversationKey: string; userId: string }, reading: ConversationReading): Promise<OpenedConversation> {
    const conversation = await this.getOrCreate(input);
    const id = conversation.id;
    const keys = reading.valuePrefixes.map((prefix) => prefix + id);
    const [history, summary, orderActions, values] = await Promise.all([
      this.db.all<MessageRow>(latestMessagesSql, [id, reading.historyMessages]),
      this.db.one<SummaryRow>('SELECT text, through_message_id FROM conversation_summaries WHERE conversation_id = ?', [id]),
      this.db.all<TurnOrderAction>(`SELECT kind, status FROM order_actions WHERE conversation_id = ? ORDER BY created_at DESC, ${this.dialect.orderActionSequence} DESC LIMIT ?`, [
        id,
        reading.orderActions,
      ]),
      keys.length === 0
        ? []
        : this.db.all<{ key: string; value: string }>(
            `SELECT key, value FROM key_values WHERE key IN (${keys.map(() => '?').join(', ')}) AND (expires_at IS NULL OR expires_at > ?)`,
            [...keys, Date.now()],
          ),
    ]);
    return { conversation, history: history.map(toMessage), memory: toMemory(summary, orderActions, values) };
  }

  async get(id: string): Promise<Conversation | null> {
    const row = await this.db.one<ConversationRow>('SELECT * FROM conversations WHERE id = ?', [id]);
    return row ? toConversation(row) : null;
  }

  async setState(id: string, state: ConversationState): Promise<void> {
    await this.db.run('UPDATE conversations SET state = ?, updated_at = ? WHERE id = ?', [state, Date.now(), id]);
  }

  async search(filter: ConversationFilter): Promise<ConversationListItem[]> {
    const text = filter.text?.trim() ? likePattern(filter.text.trim()) : null;
    const { typed, ilike } = this.dialect;
    const rows = await this.db.all<ListRow>(
      `SELECT c.*,
         (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count,
         (SELECT COUNT(*) FROM escalations e WHERE e.conversation_id = c.id) AS escalation_count,
         last.text AS last_text, last.author AS last_author, last.created_at AS last_at
       FROM conversations c
       LEFT JOIN messages last ON last.id = (SELECT MAX(id) FROM messages WHERE conversation_id = c.id)
       WHERE (${typed('channel', 'text')} IS NULL OR c.channel = @channel)
         AND (${typed('state', 'text')} IS NULL OR c.state = @state)
         AND (${typed('text', 'text')} IS NULL
           OR c.conversation_key ${ilike} @text ESCAPE '\\' OR c.user_id ${ilike} @text ESCAPE '\\'
           OR EXISTS (SELECT 1 FROM messages t WHERE t.conversation_id = c.id AND t.text ${ilike} @text ESCAPE '\\'))
       ORDER BY c.updated_at DESC, c.id
       LIMIT @limit OFFSET @offset`,
      { channel: filter.channel ?? null, state: filter.state ?? null, text, limit: filter.limit, offset: filter.offset ?? 0 },
    );
    return rows.map((row) => ({
      conversation: toConversation(row),
      messages: row.message_count,
      escalations: row.escalation_count,
      lastMessage: row.last_at === null ? null : { text: row.last_text ?? '', author: row.last_author ?? 'customer', at: new Date(row.last_at) },
    }));
  }
}
