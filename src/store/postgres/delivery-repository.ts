import type { Delivery, DeliveryRepository, DeliveryStatus } from '../types.js';
import type { PgDatabase } from './pg-database.js';

interface DeliveryRow {
  channel: string;
  message_id: string;
  status: string;
  payload: string | null;
  requests: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

const toDelivery = (row: DeliveryRow): Delivery => ({
  channel: row.channel,
  messageId: row.message_id,
  status: row.status as DeliveryStatus,
  payload: row.payload,
  requests: row.requests,
  lastError: row.last_error,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

/** Every transition is one conditional UPDATE: under Postgres' row locks, concurrent requests agree on one path. */
export class PgDeliveryRepository implements DeliveryRepository {
  constructor(private readonly db: PgDatabase) {}

  async open(channel: string, messageId: string): Promise<{ delivery: Delivery; created: boolean }> {
    const row = (await this.db.one<DeliveryRow & { inserted: boolean }>(
      `INSERT INTO deliveries AS d (channel, message_id, status, requests, created_at, updated_at)
       VALUES (@channel, @messageId, 'pending', 1, @now, @now)
       ON CONFLICT (channel, message_id) DO UPDATE SET requests = d.requests + 1, updated_at = excluded.updated_at
       RETURNING *, requests = 1 AS inserted`,
      { channel, messageId, now: Date.now() },
    ))!;
    return { delivery: toDelivery(row), created: row.inserted };
  }

  async get(channel: string, messageId: string): Promise<Delivery | null> {
    const row = await this.db.one<DeliveryRow>('SELECT * FROM deliveries WHERE channel = ? AND message_id = ?', [channel, messageId]);
    return row ? toDelivery(row) : null;
  }

  settlePassive(channel: string, messageId: string, payload: string): Promise<boolean> {
    return this.transition(channel, messageId, `status = 'passive', payload = ?`, [payload], `status = 'pending'`);
  }

  defer(channel: string, messageId: string, leaseMs?: number): Promise<boolean> {
    return this.transition(channel, messageId, `status = 'deferred', lease_until = ?::bigint`, [leaseMs === undefined ? null : Date.now() + leaseMs], `status = 'pending'`);
  }

  async prepare(channel: string, messageId: string, payload: string): Promise<string | null> {
    await this.transition(channel, messageId, `payload = ?`, [payload], `status IN ('deferred', 'sending') AND payload IS NULL`);
    return (await this.get(channel, messageId))?.payload ?? null;
  }

  claimSend(channel: string, messageId: string, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    return this.transition(
      channel,
      messageId,
      `status = 'sending', lease_until = ?`,
      [now + leaseMs],
      `(status = 'deferred' OR (status = 'sending' AND (lease_until IS NULL OR lease_until < ?)))`,
      [now],
    );
  }

  async markSent(channel: string, messageId: string): Promise<void> {
    await this.transition(channel, messageId, `status = 'sent', lease_until = NULL, last_error = NULL`, [], `status = 'sending'`);
  }

  async markFailed(channel: string, messageId: string, error: string): Promise<void> {
    await this.transition(channel, messageId, `status = 'failed', lease_until = NULL, last_error = ?`, [error.slice(0, 2000)], `status = 'sending'`);
  }

  async listUnsent(now: Date, limit: number): Promise<Delivery[]> {
    const rows = await this.db.all<DeliveryRow>(
      `SELECT * FROM deliveries WHERE status IN ('deferred', 'sending') AND (lease_until IS NULL OR lease_until < ?)
       ORDER BY created_at LIMIT ?`,
      [now.getTime(), limit],
    );
    return rows.map(toDelivery);
  }

  private async transition(channel: string, messageId: string, set: string, setParams: unknown[], when: string, whenParams: unknown[] = []): Promise<boolean> {
    const changed = await this.db.run(`UPDATE deliveries SET ${set}, updated_at = ? WHERE channel = ? AND message_id = ? AND ${when}`, [
      ...setParams,
      Date.now(),
      channel,
      messageId,
      ...whenParams,
    ]);
    return changed === 1;
  }
}
