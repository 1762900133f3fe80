import type { Language } from '../../domain/types.js';
import type { KbMiss, KbMissKind, KbMissRepository, NewKbMiss } from '../types.js';
import type { SqliteDatabase } from './open-database.js';

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

/** SQLite caps bound parameters; ids go in slices well under it. */
function* slices<T>(items: readonly T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export class SqliteKbMissRepository implements KbMissRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** Inside the turn's transaction; a retried turn records its miss once. */
  recordSync(conversationId: string, messageId: string, miss: NewKbMiss): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO kb_misses (conversation_id, message_id, question, language, kind, intent, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(conversationId, messageId, miss.question, miss.language, miss.kind, miss.intent, Date.now());
  }

  async listOpen(limit: number): Promise<KbMiss[]> {
    return this.db.prepare<[number], KbMissRow>('SELECT * FROM kb_misses WHERE resolved_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?').all(limit).map(toMiss);
  }

  async get(ids: readonly number[]): Promise<KbMiss[]> {
    const found: KbMiss[] = [];
    for (const slice of slices(ids)) {
      found.push(
        ...this.db
          .prepare<number[], KbMissRow>(`SELECT * FROM kb_misses WHERE id IN (${placeholders(slice.length)})`)
          .all(...slice)
          .map(toMiss),
      );
    }
    return found;
  }

  async resolve(ids: readonly number[], resolution: string): Promise<number> {
    let changed = 0;
    const now = Date.now();
    for (const slice of slices(ids)) {
      changed += this.db
        .prepare(`UPDATE kb_misses SET resolved_at = ?, resolution = ? WHERE resolved_at IS NULL AND id IN (${placeholders(slice.length)})`)
        .run(now, resolution, ...slice).changes;
    }
    return changed;
  }

  async findOpenByQuestion(question: string): Promise<KbMiss[]> {
    const wanted = normalise(question);
    // The list is bounded by what admins have not dealt with yet; comparing in JS keeps NFKC folding exact.
    return (await this.listOpen(5000)).filter((miss) => normalise(miss.question) === wanted);
  }

  async listForConversations(conversationIds: readonly string[]): Promise<KbMiss[]> {
    const found: KbMiss[] = [];
    for (const slice of slices(conversationIds)) {
      found.push(
        ...this.db
          .prepare<string[], KbMissRow>(`SELECT * FROM kb_misses WHERE conversation_id IN (${placeholders(slice.length)}) ORDER BY id`)
          .all(...slice)
          .map(toMiss),
      );
    }
    return found;
  }

  async deleteForConversations(conversationIds: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const slice of slices(conversationIds)) {
      deleted += this.db.prepare(`DELETE FROM kb_misses WHERE conversation_id IN (${placeholders(slice.length)})`).run(...slice).changes;
    }
    return deleted;
  }
}
