import { learn, type LearnedModel } from './learn.js';
import type { Purchase } from './purchases.js';
import { defaultRecommenderParams, type RecommenderParams } from './recommender-params.js';

export { defaultRecommenderParams, type RecommenderParams } from './recommender-params.js';

/** Why a product is suggested, in terms the catalogue and order history support. */
export type SuggestionReason =
  | { kind: 'bought_with'; sku: string; title: string; customers: number }
  | { kind: 'similar_to'; sku: string; title: string }
  | { kind: 'bought_before' }
  /** Customers whose orders overlap most with this customer's bought it. */
  | { kind: 'customers_like_you' }
  | { kind: 'popular' };

export interface Suggestion {
  sku: string;
  title: string;
  /** The price the product last sold at, in minor units. */
  unitPriceMinor: number;
  currency: string;
  score: number;
  reason: SuggestionReason;
}

export interface RecommendOptions {
  limit: number;
  /** The moment the customer's history is weighed from (defaults to the last purchase in the model). */
  now?: Date;
  /** Whether products the customer already bought may be suggested (a refill) or only new ones. */
  includeOwned: boolean;
  /** Products never to suggest (e.g. offered already in this conversation). */
  exclude?: ReadonlySet<string>;
  /** The customer, so their own past basket is not taken for a similar customer's. */
  customerId?: string;
}

/** Parameters that only weigh what was learned: changing them needs no retraining. */
type ScoringParam =
  | 'recencyHalfLifeDays'
  | 'frequencyExponent'
  | 'titleWeight'
  | 'popularityWeight'
  | 'repeatWeight'
  | 'userNeighbours'
  | 'userWeight'
  | 'peerRecencyHalfLifeDays'
  | 'overlapRecencyHalfLifeDays';

const dayMs = 86_400_000;

/**
 * Item-to-item recommendations learned from an order history: products bought by the same
 * customers (a damped, asymmetric cosine over customers' baskets) and products with similar
 * titles, blended with what similar customers bought lately and with what sells now for
 * customers the shop knows little about. Every suggestion names the past purchase it comes
 * from, so the reason shown is the one that scored.
 */
export class Recommender {
  private readonly indexOf: Map<string, number>;

  private constructor(
    private readonly params: RecommenderParams,
    private readonly learned: LearnedModel,
  ) {
    this.indexOf = new Map(learned.skus.map((sku, i) => [sku, i]));
  }

  static train(purchases: readonly Purchase[], params: RecommenderParams = defaultRecommenderParams): Recommender {
    return new Recommender(params, learn(purchases, params));
  }

  /** A model learned elsewhere (a worker thread) with the same parameters. */
  static fromLearned(learned: LearnedModel, params: RecommenderParams = defaultRecommenderParams): Recommender {
    return new Recommender(params, learned);
  }

  /** The same learned neighbours scored with other weights (for tuning: no retraining). */
  withScoring(scoring: Partial<Pick<RecommenderParams, ScoringParam>>): Recommender {
    return new Recommender({ ...this.params, ...scoring }, this.learned);
  }

  get size(): number {
    return this.learned.skus.length;
  }

  /** Whether the catalogue the model learned from has this product. */
  has(sku: string): boolean {
    return this.indexOf.has(sku);
  }

  /**
   * The best products for a customer with this purchase history (any products the model does
   * not know are ignored), each with the reason that scored highest.
   */
  recommend(history: readonly Purchase[], options: RecommendOptions): Suggestion[] {
    const { params } = this;
    const { indexOf } = this;
    const { skus, titles, neighbours, titleSimilarity, boughtTogether, popularity, popularOrder, lastPurchaseAt } = this.learned;
    const now = options.now?.getTime() ?? lastPurchaseAt;
    const owned = new Map<number, number>();
    for (const p of history) {
      const i = indexOf.get(p.sku);
      if (i === undefined) continue;
      const age = Math.max(0, now - p.at.getTime());
      owned.set(i, (owned.get(i) ?? 0) + 0.5 ** (age / (params.recencyHalfLifeDays * dayMs)));
    }
    const scores = new Map<number, { score: number; best: number; bestFrom: number; bestKind: 'bought_with' | 'similar_to'; together: number }>();
    let maxOwned = 1e-12;
    for (const [i, weight] of owned) {
      const w = weight ** params.frequencyExponent;
      owned.set(i, w);
      if (w > maxOwned) maxOwned = w;
      // New products rank by what goes with this one lately; refills by the all-time co-purchase.
      const co = options.includeOwned ? this.learned.coSimilarity : this.learned.recentCoSimilarity;
      for (let k = neighbours.offsets[i]!; k < neighbours.offsets[i + 1]!; k++) {
        const j = neighbours.values[k]!;
        const coPart = w * co[k]!;
        const titlePart = w * params.titleWeight * titleSimilarity[k]!;
        const part = coPart + titlePart;
        const entry = scores.get(j);
        const bestKind = coPart >= titlePart ? 'bought_with' : 'similar_to';
        if (!entry) scores.set(j, { score: part, best: part, bestFrom: i, bestKind, together: boughtTogether[k]! });
        else {
          entry.score += part;
          if (part > entry.best) Object.assign(entry, { best: part, bestFrom: i, bestKind, together: boughtTogether[k]! });
        }
      }
    }
    const fromCustomers = params.userWeight > 0 ? this.similarCustomersScores(owned, options.customerId) : new Map<number, number>();
    const allowed = (j: number) => (options.includeOwned || !owned.has(j)) && !options.exclude?.has(skus[j]!);
    // Normalised per customer, so the popularity and repeat blends weigh the same for a small or a large history; over
    // the products that may be suggested, or with new products only, the customer's own (which score highest) would shrink the rest.
    let maxScore = 1e-12;
    let maxFromCustomers = 1e-12;
    for (const [j, s] of scores) if (s.score > maxScore && allowed(j)) maxScore = s.score;
    for (const [j, v] of fromCustomers) if (v > maxFromCustomers && allowed(j)) maxFromCustomers = v;
    const candidates = new Set<number>([...scores.keys(), ...fromCustomers.keys()]);
    if (options.includeOwned) for (const i of owned.keys()) candidates.add(i);
    const ranked: Array<{ j: number; score: number; fromNeighbours: number; likeYou: number; repeat: number }> = [];
    for (const j of candidates) {
      if (!allowed(j)) continue;
      const s = scores.get(j);
      const fromNeighbours = s ? s.score / maxScore : 0;
      const repeat = options.includeOwned && owned.has(j) ? (params.repeatWeight * owned.get(j)!) / maxOwned : 0;
      const likeYou = (params.userWeight * (fromCustomers.get(j) ?? 0)) / maxFromCustomers;
      ranked.push({ j, score: fromNeighbours + likeYou + repeat + params.popularityWeight * popularity[j]!, fromNeighbours, likeYou, repeat });
    }
    ranked.sort((a, b) => b.score - a.score);
    // The reason is the part of the score that weighed most.
    const result: Array<{ j: number; score: number; reason: SuggestionReason }> = ranked.slice(0, options.limit).map(({ j, score, fromNeighbours, likeYou, repeat }) => {
      const s = scores.get(j);
      let reason: SuggestionReason;
      if (repeat >= fromNeighbours && repeat >= likeYou && repeat > 0) reason = { kind: 'bought_before' };
      else if (likeYou > fromNeighbours) reason = { kind: 'customers_like_you' };
      else if (s) {
        const from = { sku: skus[s.bestFrom]!, title: titles[s.bestFrom]! };
        reason = s.bestKind === 'bought_with' ? { kind: 'bought_with', ...from, customers: s.together } : { kind: 'similar_to', ...from };
      } else reason = { kind: 'popular' };
      return { j, score, reason };
    });
    // Too little history to fill the list: what sells now.
    const taken = new Set(result.map((r) => r.j));
    for (let k = 0; k < popularOrder.length && result.length < options.limit; k++) {
      const j = popularOrder[k]!;
      if (taken.has(j) || !allowed(j)) continue;
      result.push({ j, score: params.popularityWeight * popularity[j]!, reason: { kind: 'popular' } });
    }
    const { unitPriceMinor, currencies } = this.learned;
    return result.map(({ j, score, reason }) => ({ sku: skus[j]!, title: titles[j]!, unitPriceMinor: unitPriceMinor[j]!, currency: currencies[j]!, score, reason }));
  }

  /**
   * What the customers with the most similar baskets (cosine over bought products) bought,
   * each weighed by that similarity.
   */
  private similarCustomersScores(owned: ReadonlyMap<number, number>, customerId: string | undefined): Map<number, number> {
    const { baskets, lastBought, buyers, boughtAt, customerIds, lastPurchaseAt } = this.learned;
    const overlapHalfLife = this.params.overlapRecencyHalfLifeDays * dayMs;
    const { params } = this;
    // Overlap weighed by how much each product says about the customer now (recency, frequency).
    const overlap = new Float64Array(customerIds.length);
    const met: number[] = [];
    let ownNorm = 0;
    for (const [i, w] of owned) {
      ownNorm += w * w;
      // A shared product counts by how lately the other customer bought it: who buys like this customer now.
      for (let b = buyers.offsets[i]!; b < buyers.offsets[i + 1]!; b++) {
        const c = buyers.values[b]!;
        if (overlap[c] === 0) met.push(c);
        overlap[c] = overlap[c]! + w * 0.5 ** ((lastPurchaseAt - boughtAt[b]!) / overlapHalfLife);
      }
    }
    const norm = Math.sqrt(ownNorm);
    const neighbours = met
      .filter((c) => customerIds[c] !== customerId)
      .map((c) => ({ c, similarity: overlap[c]! / (norm * Math.sqrt(baskets.offsets[c + 1]! - baskets.offsets[c]!)) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, params.userNeighbours);
    const scores = new Map<number, number>();
    const halfLife = params.peerRecencyHalfLifeDays * dayMs;
    for (const { c, similarity } of neighbours) {
      // What similar customers bought lately says more about what sells to such customers now.
      for (let k = baskets.offsets[c]!; k < baskets.offsets[c + 1]!; k++) {
        const j = baskets.values[k]!;
        scores.set(j, (scores.get(j) ?? 0) + similarity * 0.5 ** ((lastPurchaseAt - lastBought[k]!) / halfLife));
      }
    }
    return scores;
  }
}
