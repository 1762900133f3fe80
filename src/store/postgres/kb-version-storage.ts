import type { SharedVersionStorage } from '../../knowledge/index/shared-versions.js';
import type { PgDatabase } from './pg-database.js';

/** Knowledge-base versions in Postgres (migration 2): every replica reads them from here. */
export class PgKnowledgeVersionStorage implements SharedVersionStorage {
  constructor(private readonly db: PgDatabase) {}

  async current(): Promise<string | null> {
    return (await this.db.one<{ name: string }>('SELECT name FROM kb_current WHERE id = 1'))?.name ?? null;
  }

  async fetch(name: string): Promise<Buffer | null> {
    return (await this.db.one<{ files: Buffer }>('SELECT files FROM kb_versions WHERE name = ?', [name]))?.files ?? null;
  }

  async publish(name: string, files: Buffer, base?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const now = Date.now();
      await tx.run(
        `INSERT INTO kb_versions (name, files, published_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET files = excluded.files, published_at = excluded.published_at`,
        [name, files, now],
      );
      await tx.run(
        `INSERT INTO kb_current (id, name, updated_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`,
        [name, now],
      );
      // Old versions go as they do on disk; a few stay for replicas still pulling, and the base the new one is a delta over.
      await tx.run(`DELETE FROM kb_versions WHERE name NOT IN (SELECT name FROM kb_versions ORDER BY published_at DESC LIMIT 5) AND name <> ? AND name <> ?`, [name, base ?? name]);
    });
  }
}
