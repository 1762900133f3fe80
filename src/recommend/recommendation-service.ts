import type { Logger } from '../logger.js';
import type { Purchase } from './purchases.js';
import { Recommender, defaultRecommenderParams, type RecommenderParams } from './recommender.js';

/**
 * Holds the recommender learned from the shop's order history. Learning takes seconds, so a
 * conversation is never made to wait for it: until the model is ready, no suggestion is made.
 */
export class RecommendationService {
  private model: Recommender | null = null;
  private training: Promise<Recommender | null> | null = null;

  private constructor(
    private readonly loadHistory: () => Promise<Purchase[]>,
    private readonly params: RecommenderParams,
    private readonly logger: Logger,
  ) {}

  private learn(): Promise<Recommender | null> {
    const { loadHistory, params, logger } = this;
    return (async () => {
      // After the caller's start-up has finished its own synchronous work.
      await new Promise((resolve) => setImmediate(resolve));
      const started = performance.now();
      const history = await loadHistory();
      if (history.length === 0) {
        logger.warn('no order history to learn recommendations from: no suggestions will be made');
        return null;
      }
      this.model = Recommender.train(history, params);
      logger.info({ purchases: history.length, products: this.model.size, ms: Math.round(performance.now() - started) }, 'recommendations learned from the order history');
      return this.model;
    })().catch((error: unknown) => {
      logger.error({ err: error }, 'learning recommendations failed: no suggestions will be made');
      return null;
    });
  }

  static start(loadHistory: () => Promise<Purchase[]>, logger: Logger, params: RecommenderParams = defaultRecommenderParams): RecommendationService {
    return new RecommendationService(loadHistory, params, logger);
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
}
