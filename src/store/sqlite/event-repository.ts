import type { AnalyticsEvent, EventRepository } from '../types.js';
import type { SqliteDatabase } from './open-database.js';

export class SqliteEventRepository implements EventRepository {
  private readonly insert;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare<[string, string | null, string | null, number]>('INSERT INTO events (type, conversation_id, data, created_at) VALUES (?, ?, ?, ?)');
  }

  async record(event: AnalyticsEvent): Promise<void> {
    this.recordSync(event);
  }

  recordSync(event: AnalyticsEvent): void {
    this.insert.run(event.type, event.conversationId ?? null, event.data ? JSON.stringify(event.data) : null, Date.now());
  }

  async countByType(since?: Date): Promise<Record<string, number>> {
    const rows = this.db.prepare<[number], { type: string; n: number }>('SELECT type, COUNT(*) AS n FROM events WHERE created_at >= ? GROUP BY type').all(since?.getTime() ?? 0);
    return Object.fromEntries(rows.map((row) => [row.type, row.n]));
  }
}
