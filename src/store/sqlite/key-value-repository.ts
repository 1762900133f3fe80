import type { KeyValueRepository } from '../types.js';
import type { SqliteDatabase } from './open-database.js';

export class SqliteKeyValueRepository implements KeyValueRepository {
  private readonly select;
  private readonly upsert;
  private readonly remove;

  constructor(private readonly db: SqliteDatabase) {
    this.select = db.prepare<[string, number], { value: string; expires_at: number | null }>(
      'SELECT value, expires_at FROM key_values WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)',
    );
    this.upsert = db.prepare<[string, string, number | null, number]>(
      `INSERT INTO key_values (key, value, expires_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare<[string, string]>('DELETE FROM key_values WHERE key = ? AND value = ?');
  }

  async get(key: string): Promise<{ value: string; expiresAt: Date | null } | null> {
    const row = this.select.get(key, Date.now());
    return row ? { value: row.value, expiresAt: row.expires_at === null ? null : new Date(row.expires_at) } : null;
  }

  async set(key: string, value: string, expiresAt: Date | null = null): Promise<void> {
    this.upsert.run(key, value, expiresAt?.getTime() ?? null, Date.now());
  }

  async setIfAbsent(key: string, value: string, expiresAt: Date | null = null): Promise<string> {
    const now = Date.now();
    return this.db
      .transaction(() => {
        // Only an expired value may be replaced; a live one wins, whoever wrote it first.
        this.db
          .prepare(
            `INSERT INTO key_values (key, value, expires_at, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at
             WHERE key_values.expires_at IS NOT NULL AND key_values.expires_at <= ?`,
          )
          .run(key, value, expiresAt?.getTime() ?? null, now, now);
        return this.select.get(key, now)!.value;
      })
      .immediate();
  }

  async deleteIf(key: string, expected: string): Promise<boolean> {
    return this.remove.run(key, expected).changes === 1;
  }
}
