import type { Conversation } from '../../domain/types.js';
import type { CustomerDataRepository, CustomerRecord, CustomerRef } from '../types.js';
import { anonymisedUser, toConversation, toEscalation, toInboxEntry, toMessage, type ConversationRow, type EscalationRow, type InboxRow, type MessageRow } from '../sql/rows.js';
import { toNote } from '../sql/staff-rows.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';

const removedText = '[removed]';

/** Rows that belong to the conversation but are not the conversation itself, the messages or the escalations. */
async function dropPersonalRows(tx: PgQueryable, conversation: ConversationRow): Promise<number> {
  let removed = 0;
  // Reply deliveries are keyed by the platform message id of the customer's message.
  removed += await tx.run(
    `DELETE FROM deliveries WHERE channel = ? AND message_id IN
       (SELECT channel_message_id FROM messages WHERE conversation_id = ? AND direction = 'in' AND channel_message_id IS NOT NULL)`,
    [conversation.channel, conversation.id],
  );
  removed += await tx.run('DELETE FROM inbox WHERE channel = ? AND conversation_key = ?', [conversation.channel, conversation.conversation_key]);
  removed += await tx.run('DELETE FROM conversation_summaries WHERE conversation_id = ?', [conversation.id]);
  removed += await tx.run('DELETE FROM staff_notes WHERE conversation_id = ?', [conversation.id]);
  return removed;
}

export class PgCustomerDataRepository implements CustomerDataRepository {
  constructor(private readonly db: PgDatabase) {}

  async conversationsOf(customer: CustomerRef): Promise<Conversation[]> {
    return (await this.db.all<ConversationRow>('SELECT * FROM conversations WHERE channel = ? AND user_id = ? ORDER BY created_at', [customer.channel, customer.userId])).map(
      toConversation,
    );
  }

  async export(customer: CustomerRef): Promise<CustomerRecord> {
    const record: CustomerRecord = { customer, conversations: [] };
    for (const conversation of await this.conversationsOf(customer)) {
      const id = conversation.id;
      const summary = await this.db.one<{ text: string; through_message_id: number }>('SELECT text, through_message_id FROM conversation_summaries WHERE conversation_id = ?', [
        id,
      ]);
      const events = await this.db.all<{ type: string; data: string | null; created_at: number }>(
        'SELECT type, data, created_at FROM events WHERE conversation_id = ? ORDER BY id',
        [id],
      );
      const inbox = await this.db.all<InboxRow>('SELECT * FROM inbox WHERE channel = ? AND conversation_key = ? ORDER BY received_at', [
        conversation.channel,
        conversation.conversationKey,
      ]);
      record.conversations.push({
        conversation,
        messages: (await this.db.all<MessageRow>('SELECT * FROM messages WHERE conversation_id = ? ORDER BY id', [id])).map(toMessage),
        escalations: (await this.db.all<EscalationRow>('SELECT * FROM escalations WHERE conversation_id = ? ORDER BY created_at, seq', [id])).map(toEscalation),
        notes: (await this.db.all<Parameters<typeof toNote>[0]>('SELECT * FROM staff_notes WHERE conversation_id = ? ORDER BY id', [id])).map(toNote),
        summary: summary ? { text: summary.text, throughMessageId: summary.through_message_id } : null,
        events: events.map((row) => ({ type: row.type, data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>), at: new Date(row.created_at) })),
        inbox: inbox.map(toInboxEntry).map((entry) => ({ messageId: entry.messageId, status: entry.status, receivedAt: entry.receivedAt, inbound: entry.inbound })),
      });
    }
    return record;
  }

  deleteConversations(conversationIds: readonly string[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      let removed = 0;
      for (const id of conversationIds) {
        const conversation = await tx.one<ConversationRow>('SELECT * FROM conversations WHERE id = ? FOR UPDATE', [id]);
        if (!conversation) continue;
        removed += await dropPersonalRows(tx, conversation);
        for (const table of ['events', 'messages', 'escalations']) removed += await tx.run(`DELETE FROM ${table} WHERE conversation_id = ?`, [id]);
        removed += await tx.run('DELETE FROM conversations WHERE id = ?', [id]);
      }
      return removed;
    });
  }

  anonymiseConversations(conversationIds: readonly string[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      let changed = 0;
      for (const id of conversationIds) {
        const conversation = await tx.one<ConversationRow>('SELECT * FROM conversations WHERE id = ? FOR UPDATE', [id]);
        if (!conversation || conversation.user_id === anonymisedUser) continue;
        changed += await dropPersonalRows(tx, conversation);
        changed += await tx.run('UPDATE messages SET text = ?, channel_message_id = NULL, meta = NULL WHERE conversation_id = ?', [removedText, id]);
        // Reasons and timings stay for the metrics; the quoted evidence is the customer's own words.
        changed += await tx.run(`UPDATE escalations SET evidence = '[]', staff_thread = NULL WHERE conversation_id = ?`, [id]);
        changed += await tx.run('UPDATE conversations SET conversation_key = ?, user_id = ?, reply_context = NULL WHERE id = ?', [`${anonymisedUser}:${id}`, anonymisedUser, id]);
      }
      return changed;
    });
  }

  async listInactive(before: Date, limit: number): Promise<Conversation[]> {
    const rows = await this.db.all<ConversationRow>(
      `SELECT * FROM conversations WHERE updated_at < ? AND user_id <> ?
         AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = conversations.id AND e.status IN ('open', 'taken'))
       ORDER BY updated_at LIMIT ?`,
      [before.getTime(), anonymisedUser, limit],
    );
    return rows.map(toConversation);
  }
}
