import type { ActionOutcome, CommerceConnector, ReturnLine } from '../core/commerce.js';
import type { OrderAction, OrderActionRepository } from '../store/types.js';

/**
 * Carries out an action from the log through the shop's system, once: the log entry moves
 * from `from` (proposed, or awaiting_staff) to done or failed with what the shop answered.
 * A second confirmation or a double click finds it no longer in `from` and does nothing.
 */
export async function runOrderAction(
  connector: CommerceConnector,
  log: OrderActionRepository,
  action: OrderAction,
  from: 'proposed' | 'awaiting_staff',
  decidedBy: string,
): Promise<ActionOutcome | null> {
  const current = await log.get(action.id);
  if (current?.status !== from) return null;
  let outcome: ActionOutcome;
  try {
    if (action.kind === 'cancel') outcome = await connector.cancelOrder(action.orderId, String(action.params.reason ?? 'customer request'));
    else if (action.kind === 'return') {
      outcome = await connector.createReturn(action.orderId, (action.params.lines as ReturnLine[] | undefined) ?? [], String(action.params.reason ?? 'Not stated'));
    } else outcome = { ok: false, reason: 'not_allowed', detail: 'refunds outside a cancellation or return are made by staff in the shop' };
  } catch (error) {
    outcome = { ok: false, reason: 'failed', detail: (error as Error).message };
  }
  const result = JSON.parse(JSON.stringify(outcome)) as Record<string, unknown>;
  const moved = await log.transition(action.id, from, outcome.ok ? 'done' : 'failed', { result, decidedBy });
  return moved ? outcome : null;
}
