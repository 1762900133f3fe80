import type { Conversation } from '../../domain/types.js';
import type { CustomerDataRepository, CustomerRecord, CustomerRef } from '../types.js';
import type { SqliteDatabase } from './open-database.js';
import { anonymisedUser, toConversation, toEscalation, toInboxEntry, toMessage, type ConversationRow, type EscalationRow, type InboxRow, type MessageRow } from '../sql/rows.js';
import { toNote } from '../sql/staff-rows.js';

const removedText = '[removed]';

export class SqliteCustomerDataRepository implements CustomerDataRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async conversationsOf(customer: CustomerRef): Promise<Conversation[]> {
    return this.db
      .prepare<[string, string], ConversationRow>('SELECT * FROM conversations WHERE channel = ? AND user_id = ? ORDER BY created_at')
      .all(customer.channel, customer.userId)
      .map(toConversation);
  }

  async export(customer: CustomerRef): Promise<CustomerRecord> {
    const record: CustomerRecord = { customer, conversations: [] };
    for (const conversation of await this.conversationsOf(customer)) {
      const id = conversation.id;
      const summary = this.db
        .prepare<[string], { text: string; through_message_id: number }>('SELECT text, through_message_id FROM conversation_summaries WHERE conversation_id = ?')
        .get(id);
      record.conversations.push({
        conversation,
        messages: this.db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE conversation_id = ? ORDER BY id').all(id).map(toMessage),
        escalations: this.db.prepare<[string], EscalationRow>('SELECT * FROM escalations WHERE conversation_id = ? ORDER BY created_at').all(id).map(toEscalation),
        notes: this.db.prepare<[string], Parameters<typeof toNote>[0]>('SELECT * FROM staff_notes WHERE conversation_id = ? ORDER BY id').all(id).map(toNote),
        summary: summary ? { text: summary.text, throughMessageId: summary.through_message_id } : null,
        events: this.db
          .prepare<[string], { type: string; data: string | null; created_at: number }>('SELECT type, data, created_at FROM events WHERE conversation_id = ? ORDER BY id')
          .all(id)
          .map((row) => ({ type: row.type, data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>), at: new Date(row.created_at) })),
        inbox: this.db
          .prepare<[string, string], InboxRow>('SELECT * FROM inbox WHERE channel = ? AND conversation_key = ? ORDER BY received_at')
          .all(conversation.channel, conversation.conversationKey)
          .map(toInboxEntry)
          .map((entry) => ({ messageId: entry.messageId, status: entry.status, receivedAt: entry.receivedAt, inbound: entry.inbound })),
      });
    }
    return record;
  }

  /** Rows that belong to the conversation but are not the conversation itself, the messages or the escalations. */
  private dropPersonalRows(conversation: ConversationRow): number {
    const run = (sql: string, ...params: string[]) => this.db.prepare(sql).run(...params).changes;
    let removed = 0;
    // Reply deliveries are keyed by the platform message id of the customer's message.
    removed += run(
      `DELETE FROM deliveries WHERE channel = ? AND message_id IN
         (SELECT channel_message_id FROM messages WHERE conversation_id = ? AND direction = 'in' AND channel_message_id IS NOT NULL)`,
      conversation.channel,
      conversation.id,
    );
    removed += run('DELETE FROM inbox WHERE channel = ? AND conversation_key = ?', conversation.channel, conversation.conversation_key);
    removed += run('DELETE FROM conversation_summaries WHERE conversation_id = ?', conversation.id);
    removed += run('DELETE FROM staff_notes WHERE conversation_id = ?', conversation.id);
    return removed;
  }

  async deleteConversations(conversationIds: readonly string[]): Promise<number> {
    const byId = this.db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
    return this.db
      .transaction(() => {
        let removed = 0;
        for (const id of conversationIds) {
          const conversation = byId.get(id);
          if (!conversation) continue;
          removed += this.dropPersonalRows(conversation);
          for (const table of ['events', 'messages', 'escalations']) {
            removed += this.db.prepare(`DELETE FROM ${table} WHERE conversation_id = ?`).run(id).changes;
          }
          removed += this.db.prepare('DELETE FROM conversations WHERE id = ?').run(id).changes;
        }
        return removed;
      })
      .immediate();
  }

  async anonymiseConversations(conversationIds: readonly string[]): Promise<number> {
    const byId = this.db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
    return this.db
      .transaction(() => {
        let changed = 0;
        for (const id of conversationIds) {
          const conversation = byId.get(id);
          if (!conversation || conversation.user_id === anonymisedUser) continue;
          changed += this.dropPersonalRows(conversation);
          changed += this.db.prepare(`UPDATE messages SET text = ?, channel_message_id = NULL, meta = NULL WHERE conversation_id = ?`).run(removedText, id).changes;
          // Reasons and timings stay for the metrics; the quoted evidence is the customer's own words.
          changed += this.db.prepare(`UPDATE escalations SET evidence = '[]', staff_thread = NULL WHERE conversation_id = ?`).run(id).changes;
          changed += this.db
            .prepare(`UPDATE conversations SET conversation_key = ?, user_id = ?, reply_context = NULL WHERE id = ?`)
            .run(`${anonymisedUser}:${id}`, anonymisedUser, id).changes;
        }
        return changed;
      })
      .immediate();
  }

  async listInactive(before: Date, limit: number): Promise<Conversation[]> {
    return this.db
      .prepare<[number, string, number], ConversationRow>(
        `SELECT * FROM conversations WHERE updated_at < ? AND user_id <> ?
           AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = conversations.id AND e.status IN ('open', 'taken'))
         ORDER BY updated_at LIMIT ?`,
      )
      .all(before.getTime(), anonymisedUser, limit)
      .map(toConversation);
  }
}
