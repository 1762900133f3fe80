import type { OrderDetail } from '../core/commerce.js';

export interface LateThresholds {
  /** Business days without a tracking event after which a parcel in transit is late. */
  noMovementDays: number;
  /** Business days after shipping by which it should have arrived. */
  afterShippingDays: number;
}

/** Monday–Friday days between two instants (weekends do not count, as the policy's "business days"). */
export function businessDaysBetween(from: Date, to: Date): number {
  if (to <= from) return 0;
  let count = 0;
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  const end = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate()));
  while (cursor < end) {
    cursor.setUTCDate(cursor.getUTCDate() + 1);
    const weekday = cursor.getUTCDay();
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}

export type Lateness = { kind: 'no_movement' | 'not_arrived'; businessDays: number };

/** Whether a shipped, undelivered parcel is late by the policy's thresholds, and by which one. */
export function latenessOf(order: OrderDetail, thresholds: LateThresholds, now = new Date()): Lateness | null {
  if (order.status !== 'shipped') return null;
  const fulfilment = order.fulfilments.find((f) => f.deliveredAt === null);
  if (!fulfilment?.shippedAt) return null;
  const lastMove = fulfilment.events.at(-1)?.at ?? fulfilment.shippedAt;
  const still = businessDaysBetween(lastMove, now);
  if (still >= thresholds.noMovementDays) return { kind: 'no_movement', businessDays: still };
  const sinceShipping = businessDaysBetween(fulfilment.shippedAt, now);
  if (sinceShipping >= thresholds.afterShippingDays) return { kind: 'not_arrived', businessDays: sinceShipping };
  return null;
}
