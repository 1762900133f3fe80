import { MessageInProgressError } from '../errors.js';
import type { Stage } from '../turn.js';
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
        return;
      }
      if (claim.kind === 'in_progress') throw new MessageInProgressError(turn.inbound.channel, turn.inbound.messageId);
      turn.outcome = { ...claim.outcome, duplicate: true };
      turn.done = true;
    },
  };
}
