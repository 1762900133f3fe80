import type { RateLimitRepository } from '../types.js';
import type { SqliteDatabase } from './open-database.js';

/** Finished windows are deleted now and then, so visitors who never return leave no rows behind. */
const purgeEvery = 500;

export class SqliteRateLimitRepository implements RateLimitRepository {
  private readonly upsert;
  private hitsSincePurge = 0;

  constructor(private readonly db: SqliteDatabase) {
    // One statement: concurrent hits from several processes each see their own count.
    this.upsert = db.prepare<{ key: string; now: number; resetAt: number }, { hits: number; reset_at: number }>(
      `INSERT INTO rate_limits (key, hits, reset_at) VALUES (@key, 1, @resetAt)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.reset_at <= @now THEN 1 ELSE rate_limits.hits + 1 END,
         reset_at = CASE WHEN rate_limits.reset_at <= @now THEN @resetAt ELSE rate_limits.reset_at END
       RETURNING hits, reset_at`,
    );
  }

  async hit(key: string, windowMs: number, now = new Date()): Promise<{ hits: number; resetAt: Date }> {
    const row = this.upsert.get({ key, now: now.getTime(), resetAt: now.getTime() + windowMs })!;
    if (++this.hitsSincePurge >= purgeEvery) {
      this.hitsSincePurge = 0;
      this.db.prepare('DELETE FROM rate_limits WHERE reset_at <= ?').run(now.getTime());
    }
    return { hits: row.hits, resetAt: new Date(row.reset_at) };
  }

  async undo(key: string): Promise<void> {
    this.db.prepare('UPDATE rate_limits SET hits = MAX(0, hits - 1) WHERE key = ?').run(key);
  }

  async reset(key: string): Promise<void> {
    this.db.prepare('DELETE FROM rate_limits WHERE key = ?').run(key);
  }
}
