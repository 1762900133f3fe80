import type { Delivery, DeliveryRepository } from '../types.js';
import { openDeliverySql, toDelivery, unsentDeliveriesSql, type DeliveryRow } from './operation-rows.js';
import type { SqlQueries } from './queries.js';

/**
 * Deliveries, written once for both stores. Every transition is one conditional UPDATE: under
 * SQLite's single writer and Postgres' row locks alike, concurrent requests agree on one path.
 */
export class SqlDeliveryRepository implements DeliveryRepository {
  constructor(private readonly db: SqlQueries) {}

  async open(channel: string, messageId: string): Promise<{ delivery: Delivery; created: boolean }> {
    // `inserted` is a boolean in Postgres and 0 or 1 in SQLite.
    const row = (await this.db.one<DeliveryRow & { inserted: boolean | number }>(openDeliverySql, { channel, messageId, now: Date.now() }))!;
    return { delivery: toDelivery(row), created: row.inserted === true || row.inserted === 1 };
  }

  async get(channel: string, messageId: string): Promise<Delivery | null> {
    const row = await this.db.one<DeliveryRow>('SELECT * FROM deliveries WHERE channel = ? AND message_id = ?', [channel, messageId]);
    return row ? toDelivery(row) : null;
  }

  settlePassive(channel: string, messageId: string, payload: string): Promise<boolean> {
    return this.transition(channel, messageId, `status = 'passive', payload = ?`, [payload], `status = 'pending'`);
  }

  defer(channel: string, messageId: string, leaseMs?: number): Promise<boolean> {
    // Postgres must be told the type of a parameter that may be NULL.
    const leaseUntil = leaseMs === undefined ? null : Date.now() + leaseMs;
    return this.transition(channel, messageId, `status = 'deferred', lease_until = CAST(? AS bigint)`, [leaseUntil], `status = 'pending'`);
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
    return (await this.db.all<DeliveryRow>(unsentDeliveriesSql, [now.getTime(), limit])).map(toDelivery);
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
