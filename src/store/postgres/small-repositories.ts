import type { ConversationSummary } from '../../domain/types.js';
import type { AnalyticsEvent, EventRepository, KeyValueRepository, RateLimitRepository, SummaryRepository } from '../types.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';

export class PgKeyValueRepository implements KeyValueRepository {
  constructor(private readonly db: PgDatabase) {}

  async get(key: string): Promise<{ value: string; expiresAt: Date | null } | null> {
    const row = await this.db.one<{ value: string; expires_at: number | null }>(
      'SELECT value, expires_at FROM key_values WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)',
      [key, Date.now()],
    );
    return row ? { value: row.value, expiresAt: row.expires_at === null ? null : new Date(row.expires_at) } : null;
  }

  async set(key: string, value: string, expiresAt: Date | null = null): Promise<void> {
    await this.db.run(
      `INSERT INTO key_values (key, value, expires_at, updated_at) VALUES (?, ?, ?::bigint, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      [key, value, expiresAt?.getTime() ?? null, Date.now()],
    );
  }

  async setIfAbsent(key: string, value: string, expiresAt: Date | null = null): Promise<string> {
    const now = Date.now();
    // One statement: the row lock makes concurrent writers agree; only an expired value is replaced.
    const written = await this.db.one<{ value: string }>(
      `INSERT INTO key_values AS kv (key, value, expires_at, updated_at) VALUES (?, ?, ?::bigint, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at
       WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= ?
       RETURNING value`,
      [key, value, expiresAt?.getTime() ?? null, now, now],
    );
    if (written) return written.value;
    return (await this.db.one<{ value: string }>('SELECT value FROM key_values WHERE key = ?', [key]))!.value;
  }

  async deleteIf(key: string, expected: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM key_values WHERE key = ? AND value = ?', [key, expected])) === 1;
  }
}

/** Finished windows are deleted now and then, so visitors who never return leave no rows behind. */
const purgeEvery = 500;

export class PgRateLimitRepository implements RateLimitRepository {
  private hitsSincePurge = 0;

  constructor(private readonly db: PgDatabase) {}

  async hit(key: string, windowMs: number, now = new Date()): Promise<{ hits: number; resetAt: Date }> {
    // One statement: concurrent hits from every replica each see their own count.
    const row = (await this.db.one<{ hits: number; reset_at: number }>(
      `INSERT INTO rate_limits AS r (key, hits, reset_at) VALUES (@key, 1, @resetAt)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.reset_at <= @now THEN 1 ELSE r.hits + 1 END,
         reset_at = CASE WHEN r.reset_at <= @now THEN @resetAt ELSE r.reset_at END
       RETURNING hits, reset_at`,
      { key, now: now.getTime(), resetAt: now.getTime() + windowMs },
    ))!;
    if (++this.hitsSincePurge >= purgeEvery) {
      this.hitsSincePurge = 0;
      await this.db.run('DELETE FROM rate_limits WHERE reset_at <= ?', [now.getTime()]);
    }
    return { hits: row.hits, resetAt: new Date(row.reset_at) };
  }

  async undo(key: string): Promise<void> {
    await this.db.run('UPDATE rate_limits SET hits = GREATEST(0, hits - 1) WHERE key = ?', [key]);
  }

  async reset(key: string): Promise<void> {
    await this.db.run('DELETE FROM rate_limits WHERE key = ?', [key]);
  }
}

/** A summary only moves forward: a late writer with an older one does not undo a newer one. */
export async function saveSummary(db: PgQueryable, conversationId: string, summary: ConversationSummary): Promise<void> {
  await db.run(
    `INSERT INTO conversation_summaries AS s (conversation_id, text, through_message_id, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (conversation_id) DO UPDATE SET text = excluded.text, through_message_id = excluded.through_message_id,
       updated_at = excluded.updated_at
     WHERE excluded.through_message_id > s.through_message_id`,
    [conversationId, summary.text, summary.throughMessageId, Date.now()],
  );
}

export class PgSummaryRepository implements SummaryRepository {
  constructor(private readonly db: PgDatabase) {}

  async get(conversationId: string): Promise<ConversationSummary | null> {
    const row = await this.db.one<{ text: string; through_message_id: number }>('SELECT text, through_message_id FROM conversation_summaries WHERE conversation_id = ?', [
      conversationId,
    ]);
    return row ? { text: row.text, throughMessageId: row.through_message_id } : null;
  }
}

export async function recordEvent(db: PgQueryable, event: AnalyticsEvent): Promise<void> {
  await db.run('INSERT INTO events (type, conversation_id, data, created_at) VALUES (?, ?, ?, ?)', [
    event.type,
    event.conversationId ?? null,
    event.data ? JSON.stringify(event.data) : null,
    Date.now(),
  ]);
}

export class PgEventRepository implements EventRepository {
  constructor(private readonly db: PgDatabase) {}

  record(event: AnalyticsEvent): Promise<void> {
    return recordEvent(this.db, event);
  }

  async countByType(since?: Date): Promise<Record<string, number>> {
    const rows = await this.db.all<{ type: string; n: number }>('SELECT type, COUNT(*) AS n FROM events WHERE created_at >= ? GROUP BY type', [since?.getTime() ?? 0]);
    return Object.fromEntries(rows.map((row) => [row.type, row.n]));
  }
}
