import type { Delivery, DeliveryRepository, DeliveryStatus } from '../types.js';
import type { SqliteDatabase } from './open-database.js';

interface DeliveryRow {
  channel: string;
  message_id: string;
  status: string;
  payload: string | null;
  requests: number;
  last_error: string | null;
  lease_until: number | null;
  created_at: number;
  updated_at: number;
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    channel: row.channel,
    messageId: row.message_id,
    status: row.status as DeliveryStatus,
    payload: row.payload,
    requests: row.requests,
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export class SqliteDeliveryRepository implements DeliveryRepository {
  private readonly upsert;
  private readonly select;

  constructor(private readonly db: SqliteDatabase) {
    this.upsert = db.prepare<[{ channel: string; messageId: string; now: number }], DeliveryRow & { inserted: number }>(`
      INSERT INTO deliveries (channel, message_id, status, requests, created_at, updated_at)
      VALUES (@channel, @messageId, 'pending', 1, @now, @now)
      ON CONFLICT (channel, message_id) DO UPDATE SET requests = deliveries.requests + 1, updated_at = excluded.updated_at
      RETURNING *, requests = 1 AS inserted`);
    this.select = db.prepare<[string, string], DeliveryRow>('SELECT * FROM deliveries WHERE channel = ? AND message_id = ?');
  }

  async open(channel: string, messageId: string): Promise<{ delivery: Delivery; created: boolean }> {
    const row = this.upsert.get({ channel, messageId, now: Date.now() })!;
    return { delivery: toDelivery(row), created: row.inserted === 1 };
  }

  async get(channel: string, messageId: string): Promise<Delivery | null> {
    const row = this.select.get(channel, messageId);
    return row ? toDelivery(row) : null;
  }

  async settlePassive(channel: string, messageId: string, payload: string): Promise<boolean> {
    return this.transition(channel, messageId, `status = 'passive', payload = ?`, [payload], `status = 'pending'`);
  }

  async defer(channel: string, messageId: string, leaseMs?: number): Promise<boolean> {
    return this.transition(channel, messageId, `status = 'deferred', lease_until = ?`, [leaseMs === undefined ? null : Date.now() + leaseMs], `status = 'pending'`);
  }

  async prepare(channel: string, messageId: string, payload: string): Promise<string | null> {
    this.transition(channel, messageId, `payload = ?`, [payload], `status IN ('deferred', 'sending') AND payload IS NULL`);
    return this.select.get(channel, messageId)?.payload ?? null;
  }

  async claimSend(channel: string, messageId: string, leaseMs: number): Promise<boolean> {
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
    this.transition(channel, messageId, `status = 'sent', lease_until = NULL, last_error = NULL`, [], `status = 'sending'`);
  }

  async markFailed(channel: string, messageId: string, error: string): Promise<void> {
    this.transition(channel, messageId, `status = 'failed', lease_until = NULL, last_error = ?`, [error.slice(0, 2000)], `status = 'sending'`);
  }

  async listUnsent(now: Date, limit: number): Promise<Delivery[]> {
    return this.db
      .prepare<[number, number], DeliveryRow>(
        `SELECT * FROM deliveries
         WHERE status IN ('deferred', 'sending') AND (lease_until IS NULL OR lease_until < ?)
         ORDER BY created_at LIMIT ?`,
      )
      .all(now.getTime(), limit)
      .map(toDelivery);
  }

  private transition(channel: string, messageId: string, set: string, setParams: unknown[], when: string, whenParams: unknown[] = []): boolean {
    const result = this.db
      .prepare(`UPDATE deliveries SET ${set}, updated_at = ? WHERE channel = ? AND message_id = ? AND ${when}`)
      .run(...setParams, Date.now(), channel, messageId, ...whenParams);
    return result.changes === 1;
  }
}
