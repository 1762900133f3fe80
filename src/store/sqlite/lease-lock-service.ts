import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { LockTimeoutError } from '../errors.js';
import { KeyedQueue } from '../keyed-queue.js';
import type { HeldLock, LockService } from '../types.js';
import type { SqliteDatabase } from './open-database.js';

/**
 * A lease row per key in the shared database file, so processes on one machine exclude each
 * other; a holder that dies loses the lease when it expires. Renewed while the task runs.
 */
export class SqliteLeaseLockService implements LockService {
  private readonly queue = new KeyedQueue();
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  private readonly tryAcquire;
  private readonly renew;
  private readonly release;

  constructor(
    db: SqliteDatabase,
    private readonly leaseMs: number,
  ) {
    this.tryAcquire = db.prepare<[{ key: string; owner: string; expiresAt: number; now: number }]>(
      `INSERT INTO locks (key, owner, expires_at) VALUES (@key, @owner, @expiresAt)
       ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE locks.expires_at < @now OR locks.owner = excluded.owner`,
    );
    this.renew = db.prepare<[number, string, string]>('UPDATE locks SET expires_at = ? WHERE key = ? AND owner = ?');
    this.release = db.prepare<[string, string]>('DELETE FROM locks WHERE key = ? AND owner = ?');
  }

  runExclusive<T>(key: string, task: (lock: HeldLock) => Promise<T>, options?: { timeoutMs?: number }): Promise<T> {
    return this.queue.run(key, async () => {
      await this.acquire(key, options?.timeoutMs ?? this.leaseMs);
      const heartbeat = setInterval(() => this.renew.run(Date.now() + this.leaseMs, key, this.owner), this.leaseMs / 3);
      heartbeat.unref();
      try {
        // A local statement costs next to nothing: the lease is released here, never with the commit.
        return await task({ key, owner: this.owner, releasedWithCommit: () => undefined });
      } finally {
        clearInterval(heartbeat);
        this.release.run(key, this.owner);
      }
    });
  }

  private async acquire(key: string, timeoutMs: number): Promise<void> {
    const started = Date.now();
    let backoff = 5;
    for (;;) {
      const now = Date.now();
      if (this.tryAcquire.run({ key, owner: this.owner, expiresAt: now + this.leaseMs, now }).changes === 1) return;
      if (now - started >= timeoutMs) throw new LockTimeoutError(key, now - started);
      await delay(backoff);
      backoff = Math.min(backoff * 2, 100);
    }
  }
}
