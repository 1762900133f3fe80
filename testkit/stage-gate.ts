import type { Stage } from '../src/core/turn.js';
import { deferred } from './runtime.js';

/**
 * Holds every turn just before `stageName` until `open()` is called, as a slow model would:
 * `entered` resolves when the first turn arrives there.
 */
export function gateBefore(stageName: string) {
  const gate = deferred();
  const entered = deferred();
  let arrivals = 0;
  return {
    entered: entered.promise,
    open: () => gate.resolve(),
    get arrivals() {
      return arrivals;
    },
    customiseStages: (stages: Stage[]): Stage[] =>
      stages.map((stage) =>
        stage.name !== stageName
          ? stage
          : {
              name: stage.name,
              async run(turn) {
                arrivals++;
                entered.resolve();
                await gate.promise;
                await stage.run(turn);
              },
            },
      ),
  };
}
