import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, popularityRanker, recommenderRanker, timeSplit, type TimeSplit } from '../../src/recommend/evaluation.js';
import { onlineRetailFiles, readOrderHistoryCsv } from '../../src/recommend/online-retail.js';
import { defaultRecommenderParams } from '../../src/recommend/recommender.js';

/**
 * The held-out split of `npm run eval:recommend` (history before 2011-08-01, purchases after;
 * parameters were chosen on the dev split only: history before 2011-05-01, purchases May–July
 * 2011), on the data in the repo.
 */
let split: TimeSplit;
beforeAll(() => {
  const purchases = [...readOrderHistoryCsv(onlineRetailFiles.before), ...readOrderHistoryCsv(onlineRetailFiles.after)];
  split = timeSplit('test', purchases, new Date('2011-08-01T00:00:00Z'), new Date('2012-01-01T00:00:00Z'));
}, 60_000);

describe('recommendations on UCI Online Retail, held out', () => {
  it('covers the 1,993 customers who bought in both periods', () => {
    expect(split.future.size).toBe(1993);
  });

  it("beats the customer's own past items by popularity (0.358) on all items: NDCG@10 ≥ 0.40; and new items: NDCG@10 ≥ 0.15, more than twice popularity", () => {
    const recommender = recommenderRanker(split, defaultRecommenderParams);
    const popularity = popularityRanker(split);
    const all = evaluate(split, recommender, 'all');
    expect(all.ndcg).toBeGreaterThanOrEqual(0.4);
    expect(all.hitRate).toBeGreaterThan(0.8);
    const fresh = evaluate(split, recommender, 'new');
    const freshPopularity = evaluate(split, popularity, 'new');
    expect(freshPopularity.ndcg).toBeCloseTo(0.063, 2);
    // Measured 0.404 on all items and 0.152 on new ones (0.394 and 0.168 on dev, where the parameters were chosen);
    // before issue 22: 0.405 and 0.143. The plain co-purchase cosine anchor reaches 0.129 on new items.
    expect(fresh.ndcg).toBeGreaterThanOrEqual(0.15);
    expect(fresh.ndcg).toBeGreaterThan(2 * freshPopularity.ndcg);
  }, 120_000);
});
