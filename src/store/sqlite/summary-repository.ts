import type { ConversationSummary } from '../../domain/types.js';
import type { SummaryRepository } from '../types.js';
import type { SqliteDatabase } from './open-database.js';

export class SqliteSummaryRepository implements SummaryRepository {
  private readonly select;
  private readonly upsert;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare<[string], { text: string; through_message_id: number }>('SELECT text, through_message_id FROM conversation_summaries WHERE conversation_id = ?');
    // A summary only moves forward: a late writer with an older one does not undo a newer one.
    this.upsert = db.prepare<[string, string, number, number]>(
      `INSERT INTO conversation_summaries (conversation_id, text, through_message_id, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET text = excluded.text, through_message_id = excluded.through_message_id,
         updated_at = excluded.updated_at
       WHERE excluded.through_message_id > conversation_summaries.through_message_id`,
    );
  }

  async get(conversationId: string): Promise<ConversationSummary | null> {
    const row = this.select.get(conversationId);
    return row ? { text: row.text, throughMessageId: row.through_message_id } : null;
  }

  saveSync(conversationId: string, summary: ConversationSummary): void {
    this.upsert.run(conversationId, summary.text, summary.throughMessageId, Date.now());
  }
}
