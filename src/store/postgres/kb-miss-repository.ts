import { openMissesSql, sameQuestion, toMiss, type KbMissRow } from '../sql/operation-rows.js';
import type { KbMiss, KbMissRepository, NewKbMiss } from '../types.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';

/** Inside the turn's transaction; a retried turn records its miss once. */
export async function recordMiss(db: PgQueryable, conversationId: string, messageId: string, miss: NewKbMiss): Promise<void> {
  await db.run(
    `INSERT INTO kb_misses (conversation_id, message_id, question, language, kind, intent, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [conversationId, messageId, miss.question, miss.language, miss.kind, miss.intent, Date.now()],
  );
}

export class PgKbMissRepository implements KbMissRepository {
  constructor(private readonly db: PgDatabase) {}

  async listOpen(limit: number): Promise<KbMiss[]> {
    return (await this.db.all<KbMissRow>(openMissesSql, [limit])).map(toMiss);
  }

  async get(ids: readonly number[]): Promise<KbMiss[]> {
    return (await this.db.all<KbMissRow>('SELECT * FROM kb_misses WHERE id = ANY(?::bigint[])', [ids])).map(toMiss);
  }

  resolve(ids: readonly number[], resolution: string): Promise<number> {
    return this.db.run('UPDATE kb_misses SET resolved_at = ?, resolution = ? WHERE resolved_at IS NULL AND id = ANY(?::bigint[])', [Date.now(), resolution, ids]);
  }

  async findOpenByQuestion(question: string): Promise<KbMiss[]> {
    return sameQuestion(await this.listOpen(5000), question);
  }

  async listForConversations(conversationIds: readonly string[]): Promise<KbMiss[]> {
    return (await this.db.all<KbMissRow>('SELECT * FROM kb_misses WHERE conversation_id = ANY(?::text[]) ORDER BY id', [conversationIds])).map(toMiss);
  }

  deleteForConversations(conversationIds: readonly string[]): Promise<number> {
    return this.db.run('DELETE FROM kb_misses WHERE conversation_id = ANY(?::text[])', [conversationIds]);
  }
}
