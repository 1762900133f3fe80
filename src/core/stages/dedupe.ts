import { MessageInProgressError } from '../errors.js';
import type { Stage, Turn } from '../turn.js';
import type { TurnStore } from '../ports/store.js';

/**
 * Claims the platform message id before any work. A message already answered replays its
 * stored outcome (marked duplicate) so a retrying platform gets the same reply and nothing
 * is sent twice; it runs inside the conversation lock, so a retry that arrives while the
 * first attempt is running waits for that attempt's answer instead of racing it.
 */
export function dedupeStage(store: TurnStore, leaseMs: number): Stage {
  return {
    name: 'dedupe',
    async run(turn) {
      const claim = await store.inbox.claim(turn.inbound, leaseMs);
      if (claim.kind === 'claimed') {
        turn.attempt = claim.attempt;
        keepClaimAlive(store, turn, leaseMs);
        return;
      }
      if (claim.kind === 'in_progress') throw new MessageInProgressError(turn.inbound.channel, turn.inbound.messageId);
      turn.outcome = { ...claim.outcome, duplicate: true };
      turn.done = true;
    },
  };
}

/**
 * A turn may outlast its lease (a slow model, a busy machine): renewing it while the turn runs
 * keeps another worker from taking the message over. Should a stall outlast the lease anyway,
 * the commit is fenced on the claim, so the message is still answered once.
 */
function keepClaimAlive(store: TurnStore, turn: Turn, leaseMs: number): void {
  const { channel, messageId } = turn.inbound;
  const renewal = setInterval(
    () => {
      store.inbox.renewLease(channel, messageId, turn.attempt, leaseMs).catch(() => undefined);
    },
    Math.max(50, leaseMs / 3),
  );
  renewal.unref();
  turn.onEnd.push(() => clearInterval(renewal));
}
