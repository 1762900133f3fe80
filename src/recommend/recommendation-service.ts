import type { Logger } from '../logger.js';
import { learn } from './learn.js';
import type { Learner } from './learn-in-worker.js';
import type { Purchase } from './purchases.js';
import { Recommender, defaultRecommenderParams, type RecommenderParams } from './recommender.js';

/**
 * Learns on this thread, from purchases already at hand: for tools and tests. A server learns
 * with learnInWorker, since learning from a real history takes seconds of CPU.
 */
export function learnInline(loadHistory: () => Promise<Purchase[]>): Learner {
  return {
    async learn(params) {
      const history = await loadHistory();
      return history.length === 0 ? null : { learned: learn(history, params), purchases: history.length };
    },
  };
}

/**
 * Holds the recommender learned from the shop's order history. Learning takes seconds, so a
 * conversation is never made to wait for it: until the model is ready, no suggestion is made.
 */
export class RecommendationService {
  private model: Recommender | null = null;
  private training: Promise<Recommender | null> | null = null;
  private closed = false;

  private constructor(
    private readonly learner: Learner,
    private readonly params: RecommenderParams,
    private readonly logger: Logger,
  ) {}

  private learn(): Promise<Recommender | null> {
    const { learner, params, logger } = this;
    return (async () => {
      // After the caller's start-up has finished its own synchronous work.
      await new Promise((resolve) => setImmediate(resolve));
      const started = performance.now();
      const learning = await learner.learn(params);
      if (!learning) {
        logger.warn('no order history to learn recommendations from: no suggestions will be made');
        return null;
      }
      this.model = Recommender.fromLearned(learning.learned, params);
      logger.info({ purchases: learning.purchases, products: this.model.size, ms: Math.round(performance.now() - started) }, 'recommendations learned from the order history');
      return this.model;
    })().catch((error: unknown) => {
      if (!this.closed) logger.error({ err: error }, 'learning recommendations failed: no suggestions will be made');
      return null;
    });
  }

  static start(learner: Learner, logger: Logger, params: RecommenderParams = defaultRecommenderParams): RecommendationService {
    return new RecommendationService(learner, params, logger);
  }

  /**
   * The model, once learned; null before that or when there is no history. The first call
   * starts learning, so commands that never converse (CLI) never pay for it.
   */
  get current(): Recommender | null {
    this.training ??= this.learn();
    return this.model;
  }

  /** Resolves once learning has finished (starting it if needed). */
  ready(): Promise<Recommender | null> {
    this.training ??= this.learn();
    return this.training;
  }

  /** Stops learning that is still under way (at shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    await this.learner.stop?.();
  }
}
