import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { LockTimeoutError } from '../errors.js';
import { KeyedQueue } from '../keyed-queue.js';
import type { HeldLock, LockService } from '../types.js';
import type { PgDatabase } from './pg-database.js';

/**
 * A lease row per key, as in SQLite, shared by every replica: a replica killed while holding
 * one loses it when the lease runs out, and holding one costs no pooled connection while the
 * turn runs (an advisory lock would pin a connection per running conversation).
 */
export class PgLeaseLockService implements LockService {
  private readonly queue = new KeyedQueue();
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;

  constructor(
    private readonly db: PgDatabase,
    private readonly leaseMs: number,
  ) {}

  runExclusive<T>(key: string, task: (lock: HeldLock) => Promise<T>, options?: { timeoutMs?: number }): Promise<T> {
    return this.queue.run(key, async () => {
      await this.acquire(key, options?.timeoutMs ?? this.leaseMs);
      let released = false;
      const heartbeat = setInterval(() => {
        this.db.run('UPDATE locks SET expires_at = ? WHERE key = ? AND owner = ?', [Date.now() + this.leaseMs, key, this.owner]).catch(() => undefined);
      }, this.leaseMs / 3);
      heartbeat.unref();
      const lock: HeldLock = {
        key,
        owner: this.owner,
        // The turn's commit deleted the lease row in its own statement: one round trip fewer per turn.
        releasedWithCommit: () => {
          released = true;
          clearInterval(heartbeat);
        },
      };
      try {
        return await task(lock);
      } finally {
        clearInterval(heartbeat);
        if (!released) await this.db.run('DELETE FROM locks WHERE key = ? AND owner = ?', [key, this.owner]);
      }
    });
  }

  private async acquire(key: string, timeoutMs: number): Promise<void> {
    const started = Date.now();
    let backoff = 5;
    for (;;) {
      const now = Date.now();
      const taken = await this.db.run(
        `INSERT INTO locks AS l (key, owner, expires_at) VALUES (@key, @owner, @expiresAt)
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE l.expires_at < @now OR l.owner = excluded.owner`,
        { key, owner: this.owner, expiresAt: now + this.leaseMs, now },
      );
      if (taken === 1) return;
      if (now - started >= timeoutMs) throw new LockTimeoutError(key, now - started);
      await delay(backoff);
      backoff = Math.min(backoff * 2, 100);
    }
  }
}
