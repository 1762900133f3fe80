import { join } from 'node:path';
import { openDatabase, type SqliteDatabase } from './sqlite/open-database.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { PostgresStore } from './postgres/postgres-store.js';
import type { Store } from './types.js';
import type { SharedVersionStorage } from '../knowledge/index/shared-versions.js';
import { PgKnowledgeVersionStorage } from './postgres/kb-version-storage.js';

export interface OpenedStore {
  store: Store;
  /**
   * The local SQLite database the built-in demo shop keeps its orders in: the store's own
   * file with SQLite, a separate file under the data directory with Postgres.
   */
  localDb(): SqliteDatabase;
  /** Where knowledge-base versions are shared between replicas; null when every process reads one data directory. */
  sharedKnowledge: SharedVersionStorage | null;
  /** For logs and /readyz: which store, without the database password. */
  description: string;
  close(): Promise<void>;
}

export interface StoreSettings {
  DATABASE_URL?: string | undefined;
  DATABASE_POOL_SIZE?: number;
  TURN_LOCK_TIMEOUT_MS: number;
  STORE_CHECK_ON_START?: boolean;
}

/** `postgres://user:secret@host/db` → `postgres://user@host/db`. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** The store the configuration names: Postgres when DATABASE_URL is set, SQLite under the data directory otherwise. */
export async function openStore(config: StoreSettings, dataDir: string): Promise<OpenedStore> {
  if (config.DATABASE_URL) {
    const store = await PostgresStore.open(config.DATABASE_URL, { lockLeaseMs: config.TURN_LOCK_TIMEOUT_MS, poolSize: config.DATABASE_POOL_SIZE });
    let shopDb: SqliteDatabase | null = null;
    return {
      store,
      localDb: () => (shopDb ??= openDatabase(join(dataDir, 'demo-shop.sqlite'))),
      sharedKnowledge: new PgKnowledgeVersionStorage(store.db),
      description: `postgres (${withoutPassword(config.DATABASE_URL)})`,
      async close() {
        shopDb?.close();
        await store.close();
      },
    };
  }
  const store = SqliteStore.open(dataDir, { lockLeaseMs: config.TURN_LOCK_TIMEOUT_MS, checkIntegrity: config.STORE_CHECK_ON_START });
  return { store, localDb: () => store.db, sharedKnowledge: null, description: `sqlite (${dataDir})`, close: () => store.close() };
}
