import type { Stage } from '../../src/core/turn.js';
import { deferred } from '../../testkit/runtime.js';

/**
 * Stages steered by the customer's words, for adapter tests: "HOLD" keeps the turn in the
 * analyse stage until `release()` (a slow model), "FAIL" makes it throw, and "LONG" makes
 * the reply `longReply` (an answer longer than one platform message).
 */
export function textControlledStages(longReply = '') {
  const released = deferred();
  const entered = deferred();
  const wrap = (stages: Stage[]): Stage[] =>
    stages.map((stage) => {
      if (stage.name === 'analyse') {
        return {
          name: stage.name,
          async run(turn) {
            if (turn.inbound.text.includes('FAIL')) throw new Error('analyser exploded');
            if (turn.inbound.text.includes('HOLD')) {
              entered.resolve();
              await released.promise;
            }
            await stage.run(turn);
          },
        };
      }
      if (stage.name === 'reply') {
        return {
          name: stage.name,
          async run(turn) {
            await stage.run(turn);
            if (turn.inbound.text.includes('LONG') && turn.reply) turn.reply = { ...turn.reply, kind: 'answer', text: longReply };
          },
        };
      }
      return stage;
    });
  return { wrap, entered: entered.promise, release: () => released.resolve() };
}
