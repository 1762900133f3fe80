import { afterAll, afterEach, describe } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { startPostgres, type PostgresCluster } from '../../testkit/postgres.js';
import { tempDir } from '../../testkit/runtime.js';

export type StoreKind = 'sqlite' | 'postgres';

/** One deployment's database: every store opened on it is another process of that deployment. */
export interface StoreDeployment {
  kind: StoreKind;
  /** The data directory (SQLite's file lives here; with Postgres only local files do). */
  dataDir: string;
  /** Settings that point a runtime at this database. */
  env: Record<string, string>;
  open(options?: { lockLeaseMs?: number }): Promise<Store>;
  /** Writes a lock lease row as a worker that died holding it would have left it. */
  leaveDeadLease(key: string): Promise<void>;
}

let cluster: Promise<PostgresCluster> | null = null;

/**
 * Runs `body` once per store (SQLite, then Postgres on a throwaway cluster shared by the
 * file), so every store test holds for both. `fresh()` gives each test its own database;
 * what it opened is closed after the test (or, with `fresh('suite')` in a
 * beforeAll, after the suite).
 */
export type FreshDeployment = (scope?: 'test' | 'suite') => Promise<StoreDeployment>;

export function describeStores(title: string, body: (fresh: FreshDeployment) => void): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    describe(`${title} [${kind}]`, () => {
      const cleanups: Array<() => Promise<void> | void> = [];
      const suiteCleanups: Array<() => Promise<void> | void> = [];
      afterEach(async () => {
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      });
      afterAll(async () => {
        for (const cleanup of suiteCleanups.splice(0).reverse()) await cleanup();
        if (kind === 'postgres' && cluster) {
          const running = cluster;
          cluster = null;
          await (await running).stop();
        }
      });
      body(async (scope = 'test') => {
        const cleanupsOf = scope === 'suite' ? suiteCleanups : cleanups;
        const dir = tempDir();
        cleanupsOf.push(() => dir.remove());
        const url = kind === 'postgres' ? await (await (cluster ??= startPostgres())).createDatabase() : null;
        const track = <T extends Store>(store: T): T => {
          cleanupsOf.push(() => store.close());
          return store;
        };
        const deployment: StoreDeployment = {
          kind,
          dataDir: dir.path,
          env: url ? { DATABASE_URL: url } : ({} as Record<string, string>),
          async open(options = {}) {
            const lockLeaseMs = options.lockLeaseMs ?? 5000;
            return url ? track(await PostgresStore.open(url, { lockLeaseMs, poolSize: 4 })) : track(SqliteStore.open(dir.path, { lockLeaseMs }));
          },
          async leaveDeadLease(key) {
            const store = await deployment.open();
            if (store instanceof PostgresStore) await store.db.run('INSERT INTO locks (key, owner, expires_at) VALUES (?, ?, ?)', [key, 'dead-worker', Date.now() - 1]);
            else if (store instanceof SqliteStore) store.db.prepare('INSERT INTO locks (key, owner, expires_at) VALUES (?, ?, ?)').run(key, 'dead-worker', Date.now() - 1);
          },
        };
        return deployment;
      });
    });
  }
}
