import { openMissesSql, sameQuestion, toMiss, type KbMissRow } from '../sql/operation-rows.js';
import type { KbMiss, KbMissRepository, NewKbMiss } from '../types.js';
import type { SqliteDatabase } from './open-database.js';

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
    return this.db.prepare<[number], KbMissRow>(openMissesSql).all(limit).map(toMiss);
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
    return sameQuestion(await this.listOpen(5000), question);
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
