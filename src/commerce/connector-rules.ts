import type { ActionOutcome, OrderStatus, ReturnLine } from '../core/commerce.js';

// What every shop connector decides alike before it asks its shop to act: the same refusals,
// worded the same, whichever shop holds the order.

/** The outcome for an order the shop does not have. */
export const orderNotFound = (orderId: string): ActionOutcome => ({ ok: false, reason: 'not_found', detail: `no order ${orderId}` });

/** Why an order cannot be cancelled, or null when it can: only until it leaves the warehouse. */
export function cancelRefusal(orderId: string, status: OrderStatus): ActionOutcome | null {
  if (status === 'paid' || status === 'packing') return null;
  return { ok: false, reason: 'not_allowed', detail: `order ${orderId} is ${status} and can no longer be cancelled` };
}

/** A return that names no items, or an item that is not on the order. */
export const unknownReturnItems: ActionOutcome = { ok: false, reason: 'not_allowed', detail: 'the return names items that are not on the order' };

/**
 * Each line of a return matched to the order's item (`match` gives null for a line it cannot
 * place); null when there are no lines or any line is unplaced, since a return is all or nothing.
 */
export function matchReturnLines<T>(lines: readonly ReturnLine[], match: (line: ReturnLine) => T | null): T[] | null {
  const matched = lines.map(match);
  return matched.length > 0 && matched.every((item) => item !== null) ? (matched as T[]) : null;
}
