import type { Language } from '../../domain/types.js';
import type { KbMiss, KbMissKind, KbMissRepository, NewKbMiss } from '../types.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';

interface KbMissRow {
  id: number;
  conversation_id: string;
  question: string;
  language: string;
  kind: string;
  intent: string | null;
  created_at: number;
  resolved_at: number | null;
  resolution: string | null;
}

const toMiss = (row: KbMissRow): KbMiss => ({
  id: row.id,
  conversationId: row.conversation_id,
  question: row.question,
  language: row.language as Language,
  kind: row.kind as KbMissKind,
  intent: row.intent,
  createdAt: new Date(row.created_at),
  resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at),
  resolution: row.resolution,
});

const normalise = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

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
    return (await this.db.all<KbMissRow>('SELECT * FROM kb_misses WHERE resolved_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?', [limit])).map(toMiss);
  }

  async get(ids: readonly number[]): Promise<KbMiss[]> {
    return (await this.db.all<KbMissRow>('SELECT * FROM kb_misses WHERE id = ANY(?::bigint[])', [ids])).map(toMiss);
  }

  resolve(ids: readonly number[], resolution: string): Promise<number> {
    return this.db.run('UPDATE kb_misses SET resolved_at = ?, resolution = ? WHERE resolved_at IS NULL AND id = ANY(?::bigint[])', [Date.now(), resolution, ids]);
  }

  async findOpenByQuestion(question: string): Promise<KbMiss[]> {
    const wanted = normalise(question);
    // Bounded by what admins have not dealt with yet; comparing in JS keeps NFKC folding exact.
    return (await this.listOpen(5000)).filter((miss) => normalise(miss.question) === wanted);
  }

  async listForConversations(conversationIds: readonly string[]): Promise<KbMiss[]> {
    return (await this.db.all<KbMissRow>('SELECT * FROM kb_misses WHERE conversation_id = ANY(?::text[]) ORDER BY id', [conversationIds])).map(toMiss);
  }

  deleteForConversations(conversationIds: readonly string[]): Promise<number> {
    return this.db.run('DELETE FROM kb_misses WHERE conversation_id = ANY(?::text[])', [conversationIds]);
  }
}
