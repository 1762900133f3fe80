import { resolve } from 'node:path';
import { DemoShop } from '../commerce/demo-shop/demo-shop.js';
import type { Config } from '../config/schema.js';
import type { CommerceConnector } from '../core/commerce.js';
import type { Stage, Turn } from '../core/turn.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import type { CustomerDataSource } from '../privacy/customer-data.js';
import { recommendationOptOutStage, suggestionOffer, suggestionStage, suggestionStateData } from './conversation/suggestion-stages.js';

export { suggestionStateKeyPrefix } from './conversation/suggestion-stages.js';
import { learnInWorker } from './learn-in-worker.js';
import { onlineRetailFiles } from './online-retail.js';
import { RecommendationService } from './recommendation-service.js';

export interface Recommendations {
  service: RecommendationService;
  /** For stages that commit their own answer (the order stage): adds the suggestion first. */
  beforeCommit: (turn: Turn) => Promise<void>;
  /** The opt-out and what was offered, for exports and erasures. */
  customerData: CustomerDataSource;
  /** The opt-out after `decide`, the suggestion before the final persist. */
  addStages(stages: Stage[]): Stage[];
}

/**
 * Suggestions need an order history to learn from: RECOMMEND_HISTORY_FILE, or the demo shop's
 * bundled one. Without either (or with RECOMMENDATIONS=false) there are none.
 */
export function createRecommendations(config: Config, store: Store, connector: CommerceConnector | null, logger: Logger): Recommendations | null {
  if (!config.RECOMMENDATIONS) return null;
  const file = config.RECOMMEND_HISTORY_FILE ? resolve(config.RECOMMEND_HISTORY_FILE) : connector instanceof DemoShop ? onlineRetailFiles.before : null;
  if (!file) return null;
  const service = RecommendationService.start(learnInWorker(file), logger);
  const beforeCommit = suggestionOffer({ store, connector, recommendations: service, logger, minBoughtTogether: config.RECOMMEND_MIN_BOUGHT_TOGETHER });
  return {
    service,
    beforeCommit,
    customerData: suggestionStateData(store),
    addStages(stages) {
      const decide = stages.findIndex((s) => s.name === 'decide');
      const withOptOut = [...stages.slice(0, decide + 1), recommendationOptOutStage(store), ...stages.slice(decide + 1)];
      const persist = withOptOut.map((s) => s.name).lastIndexOf('persist');
      return [...withOptOut.slice(0, persist), suggestionStage(beforeCommit), ...withOptOut.slice(persist)];
    },
  };
}
