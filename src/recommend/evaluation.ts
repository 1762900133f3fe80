import type { Purchase } from './purchases.js';
import { Recommender, type RecommenderParams } from './recommender.js';

/** A time split: what customers bought before `cutoff`, and what they bought from then until `end`. */
export interface TimeSplit {
  name: string;
  history: Purchase[];
  /** Per customer present on both sides: the products bought in the later period. */
  future: Map<string, Set<string>>;
  historyByCustomer: Map<string, Purchase[]>;
  cutoff: Date;
}

export function timeSplit(name: string, purchases: readonly Purchase[], cutoff: Date, end: Date): TimeSplit {
  const history = purchases.filter((p) => p.at < cutoff);
  const historyByCustomer = new Map<string, Purchase[]>();
  for (const p of history) (historyByCustomer.get(p.customerId) ?? historyByCustomer.set(p.customerId, []).get(p.customerId)!).push(p);
  const future = new Map<string, Set<string>>();
  for (const p of purchases) {
    if (p.at < cutoff || p.at >= end || !historyByCustomer.has(p.customerId)) continue;
    (future.get(p.customerId) ?? future.set(p.customerId, new Set()).get(p.customerId)!).add(p.sku);
  }
  return { name, history, future, historyByCustomer, cutoff };
}

export type Ranker = (customerId: string, history: readonly Purchase[], limit: number, includeOwned: boolean) => string[];

export interface Scores {
  customers: number;
  hitRate: number;
  ndcg: number;
}

/**
 * Hit rate@k (share of customers with at least one of the k suggestions bought later) and
 * NDCG@k with binary relevance. On "new" items, both the suggestions and the later purchases
 * leave out what the customer had bought before, and customers with nothing new are not counted.
 */
export function evaluate(split: TimeSplit, rank: Ranker, mode: 'all' | 'new', k = 10): Scores {
  let hits = 0;
  let ndcg = 0;
  let customers = 0;
  for (const [customerId, bought] of split.future) {
    const history = split.historyByCustomer.get(customerId)!;
    const owned = new Set(history.map((p) => p.sku));
    const relevant = mode === 'all' ? bought : new Set([...bought].filter((s) => !owned.has(s)));
    if (relevant.size === 0) continue;
    customers++;
    const ranked = rank(customerId, history, k, mode === 'all').slice(0, k);
    let dcg = 0;
    ranked.forEach((sku, position) => {
      if (relevant.has(sku)) dcg += 1 / Math.log2(position + 2);
    });
    let ideal = 0;
    for (let position = 0; position < Math.min(k, relevant.size); position++) ideal += 1 / Math.log2(position + 2);
    if (dcg > 0) hits++;
    ndcg += dcg / ideal;
  }
  return { customers, hitRate: hits / customers, ndcg: ndcg / customers };
}

/** Products by how many customers bought them in the history. */
export function popularityRanker(split: TimeSplit): Ranker {
  const buyers = new Map<string, Set<string>>();
  for (const p of split.history) (buyers.get(p.sku) ?? buyers.set(p.sku, new Set()).get(p.sku)!).add(p.customerId);
  const order = [...buyers].sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1)).map(([sku]) => sku);
  return (_customer, history, limit, includeOwned) => {
    const owned = new Set(history.map((p) => p.sku));
    if (includeOwned) return order.slice(0, limit);
    const result: string[] = [];
    for (const sku of order) {
      if (owned.has(sku)) continue;
      result.push(sku);
      if (result.length === limit) break;
    }
    return result;
  };
}

/** The customer's own past products, most popular first (the all-items anchor). */
export function ownPastByPopularityRanker(split: TimeSplit): Ranker {
  const popular = popularityRanker(split)('', [], Number.MAX_SAFE_INTEGER, true);
  const rankOf = new Map(popular.map((sku, i) => [sku, i]));
  return (_customer, history, limit) => [...new Set(history.map((p) => p.sku))].sort((a, b) => rankOf.get(a)! - rankOf.get(b)!).slice(0, limit);
}

/** Uniformly random products (seeded, so the figure is repeatable). */
export function randomRanker(split: TimeSplit, seed = 42): Ranker {
  const catalogue = [...new Set(split.history.map((p) => p.sku))].sort();
  let state = seed >>> 0;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (_customer, history, limit, includeOwned) => {
    const owned = new Set(history.map((p) => p.sku));
    const result = new Set<string>();
    while (result.size < limit) {
      const sku = catalogue[Math.floor(next() * catalogue.length)]!;
      if (includeOwned || !owned.has(sku)) result.add(sku);
    }
    return [...result];
  };
}

export function recommenderRanker(split: TimeSplit, params: RecommenderParams): Ranker {
  const model = Recommender.train(split.history, params);
  return (customerId, history, limit, includeOwned) => model.recommend(history, { limit, includeOwned, now: split.cutoff, customerId }).map((s) => s.sku);
}

/** A plain item-to-item co-purchase cosine: the new-items anchor (no damping, recency, titles or popularity). */
export const plainCosineParams: RecommenderParams = {
  neighbours: 1_000_000,
  alpha: 0.5,
  customerDamping: 0,
  laterWeight: 0,
  coRecencyHalfLifeDays: Number.POSITIVE_INFINITY,
  recencyHalfLifeDays: Number.POSITIVE_INFINITY,
  frequencyExponent: 0,
  titleWeight: 0,
  popularityWeight: 0,
  popularityHalfLifeDays: Number.POSITIVE_INFINITY,
  repeatWeight: 1,
  userNeighbours: 0,
  peerRecencyHalfLifeDays: Number.POSITIVE_INFINITY,
  userWeight: 0,
  overlapRecencyHalfLifeDays: Number.POSITIVE_INFINITY,
};
