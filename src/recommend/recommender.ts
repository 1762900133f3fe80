import type { Purchase } from './purchases.js';
import { titleNeighbours } from './title-similarity.js';

/**
 * The knobs of the recommender. The defaults were chosen on a dev split inside the history
 * (scripts/eval-recommend.ts --tune), never on the purchases the reported figures are measured on.
 */
export interface RecommenderParams {
  /** Neighbours kept per product (co-purchase and title similarity together). */
  neighbours: number;
  /** Asymmetric cosine: co(i,j) / (n_i^alpha · n_j^(1-alpha)); 0.5 is the plain cosine. */
  alpha: number;
  /** Each customer's co-purchases count 1/|basket|^customerDamping: a wholesaler buying 1,500 lines says less about any one pair. */
  customerDamping: number;
  /** Half-life, in days, of how much a past purchase says about the customer now. */
  recencyHalfLifeDays: number;
  /** How much the number of orders with a product adds: weight = (decayed count)^frequencyExponent. */
  frequencyExponent: number;
  /** Extra weight of a pair when the second product was first bought after the first (0: order ignored). */
  laterWeight: number;
  /**
   * Half-life, in days, of a co-purchase when only new products are suggested: a pair a customer bought lately says more
   * about what goes together now. With refills allowed the all-time co-purchase ranks (it did better there on dev).
   */
  coRecencyHalfLifeDays: number;
  /** Weight of title similarity next to co-purchase similarity. */
  titleWeight: number;
  /** Weight of (recent) popularity, which is all a customer without history gets. */
  popularityWeight: number;
  /** Half-life, in days, of a sale's weight in popularity: what sells now, not last season. */
  popularityHalfLifeDays: number;
  /** Weight of the customer's own past products when they may be suggested again. */
  repeatWeight: number;
  /** Customers with the most similar baskets whose other products are suggested too. */
  userNeighbours: number;
  /** Half-life, in days, of a similar customer's purchase in what is suggested from it. */
  peerRecencyHalfLifeDays: number;
  /** Weight of what those customers bought, next to the item-to-item score. */
  userWeight: number;
  /** Half-life, in days, of a shared product in basket overlap, by when the other customer last bought it: who buys like you now. */
  overlapRecencyHalfLifeDays: number;
}

export const defaultRecommenderParams: RecommenderParams = {
  neighbours: 50,
  alpha: 0.6,
  customerDamping: 0.7,
  laterWeight: 4,
  recencyHalfLifeDays: 60,
  frequencyExponent: 0.5,
  coRecencyHalfLifeDays: 30,
  titleWeight: 0.1,
  popularityWeight: 0.1,
  popularityHalfLifeDays: 14,
  repeatWeight: 2,
  userNeighbours: 50,
  peerRecencyHalfLifeDays: 15,
  userWeight: 1,
  overlapRecencyHalfLifeDays: 60,
};

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

/** What training learned from the order history. */
interface Learned {
  products: Product[];
  indexOf: Map<string, number>;
  /** Per product: neighbour indices and their co-purchase and title similarities. */
  neighbourIds: Int32Array[];
  coSimilarity: Float32Array[];
  /** The same, each pair weighed by how lately it was bought (coRecencyHalfLifeDays): what a new product is ranked by. */
  recentCoSimilarity: Float32Array[];
  titleSimilarity: Float32Array[];
  /** How many customers bought both, per neighbour. */
  boughtTogether: Uint32Array[];
  /** Recency-weighted sales, 0..1. */
  popularity: Float64Array;
  popularOrder: Int32Array;
  lastPurchaseAt: number;
  /** Per customer of the history, the products they bought, and per product its buyers. */
  baskets: Int32Array[];
  /** When each customer last bought each product of their basket. */
  lastBought: Float64Array[];
  buyers: number[][];
  /** Per product, when each of its buyers last bought it. */
  boughtAt: Float64Array[];
  customerIds: string[];
}

interface Product {
  sku: string;
  title: string;
  unitPriceMinor: number;
  currency: string;
  lastSoldAt: number;
}

const dayMs = 86_400_000;

/**
 * Item-to-item recommendations learned from an order history: products bought by the same
 * customers (a damped, asymmetric cosine over customers' baskets) and products with similar
 * titles, blended with what sells now for customers the shop knows little about. Every
 * suggestion names the past purchase it comes from, so the reason shown is the one that scored.
 */
export class Recommender {
  private constructor(
    private readonly params: RecommenderParams,
    private readonly learned: Learned,
  ) {}

  /** The same learned neighbours scored with other weights (for tuning: no retraining). */
  withScoring(scoring: Partial<Pick<RecommenderParams, ScoringParam>>): Recommender {
    return new Recommender({ ...this.params, ...scoring }, this.learned);
  }

  get size(): number {
    return this.learned.products.length;
  }

  /** Whether the catalogue the model learned from has this product. */
  has(sku: string): boolean {
    return this.learned.indexOf.has(sku);
  }

  static train(purchases: readonly Purchase[], params: RecommenderParams = defaultRecommenderParams): Recommender {
    const products: Product[] = [];
    const indexOf = new Map<string, number>();
    const customers = new Map<string, Map<number, { first: number; last: number }>>();
    const customerIds: string[] = [];
    let lastPurchaseAt = 0;
    for (const p of purchases) {
      const at = p.at.getTime();
      let index = indexOf.get(p.sku);
      if (index === undefined) {
        index = products.length;
        indexOf.set(p.sku, index);
        products.push({ sku: p.sku, title: p.title, unitPriceMinor: p.unitPriceMinor, currency: p.currency, lastSoldAt: at });
      } else {
        const product = products[index]!;
        // The latest sale names the product and prices it as the shop sells it now.
        if (at >= product.lastSoldAt) Object.assign(product, { title: p.title, unitPriceMinor: p.unitPriceMinor, currency: p.currency, lastSoldAt: at });
      }
      let basket = customers.get(p.customerId);
      if (!basket) customers.set(p.customerId, (basket = new Map()));
      // When the customer first bought it: "bought later" pairs come from these.
      const seen = basket.get(index);
      if (!seen) basket.set(index, { first: at, last: at });
      else basket.set(index, { first: Math.min(seen.first, at), last: Math.max(seen.last, at) });
      if (at > lastPurchaseAt) lastPurchaseAt = at;
    }
    const n = products.length;

    const buyers: number[][] = Array.from({ length: n }, () => []);
    const baskets: Int32Array[] = [];
    const firstBought: Float64Array[] = [];
    const lastBought: Float64Array[] = [];
    const positionIn: number[][] = Array.from({ length: n }, () => []);
    const basketWeight: number[] = [];
    for (const [customerId, basket] of customers) {
      const c = baskets.length;
      customerIds.push(customerId);
      baskets.push(Int32Array.from(basket.keys()));
      firstBought.push(Float64Array.from(basket.values(), (b) => b.first));
      lastBought.push(Float64Array.from(basket.values(), (b) => b.last));
      basketWeight.push(1 / basket.size ** params.customerDamping);
      let k = 0;
      for (const i of basket.keys()) {
        buyers[i]!.push(c);
        positionIn[i]!.push(k++);
      }
    }
    const buyerCount = Float64Array.from(buyers, (b) => b.length);
    const boughtAt = buyers.map((cs, i) => Float64Array.from(cs, (c, b) => lastBought[c]![positionIn[i]![b]!]!));

    const popularity = new Float64Array(n);
    for (const p of purchases) popularity[indexOf.get(p.sku)!]! += 0.5 ** ((lastPurchaseAt - p.at.getTime()) / (params.popularityHalfLifeDays * dayMs));
    const maxPopularity = Math.max(...popularity, 1e-9);
    for (let i = 0; i < n; i++) popularity[i] = popularity[i]! / maxPopularity;
    const popularOrder = Int32Array.from(products.keys()).sort((a, b) => popularity[b]! - popularity[a]!);

    const titles = titleNeighbours(
      products.map((p) => p.title),
      params.neighbours,
    );
    const row = new Float64Array(n);
    const recentRow = new Float64Array(n);
    const count = new Uint32Array(n);
    const similarity = new Float64Array(n);
    const recentSimilarity = new Float64Array(n);
    const boughtTogether: Uint32Array[] = [];
    const neighbourIds: Int32Array[] = [];
    const coSimilarity: Float32Array[] = [];
    const recentCoSimilarity: Float32Array[] = [];
    const titleSimilarity: Float32Array[] = [];
    const coHalfLife = params.coRecencyHalfLifeDays * dayMs;
    for (let i = 0; i < n; i++) {
      const touched: number[] = [];
      const bought = buyers[i]!;
      for (let b = 0; b < bought.length; b++) {
        const c = bought[b]!;
        const w = basketWeight[c]!;
        const items = baskets[c]!;
        const firsts = firstBought[c]!;
        const lasts = lastBought[c]!;
        const iFirst = firsts[positionIn[i]![b]!]!;
        for (let k = 0; k < items.length; k++) {
          const j = items[k]!;
          if (j === i) continue;
          if (row[j] === 0) touched.push(j);
          // A product first bought after this one counts more: what customers go on to buy.
          const pair = firsts[k]! > iFirst ? w * (1 + params.laterWeight) : w;
          row[j] = row[j]! + pair;
          // The same pair weighed by how lately this customer bought the other product: what goes with it now.
          recentRow[j] = recentRow[j]! + pair * 0.5 ** ((lastPurchaseAt - lasts[k]!) / coHalfLife);
          count[j] = count[j]! + 1;
        }
      }
      const ni = buyerCount[i]! ** params.alpha;
      for (const j of touched) {
        const norm = ni * buyerCount[j]! ** (1 - params.alpha);
        similarity[j] = row[j]! / norm;
        recentSimilarity[j] = recentRow[j]! / norm;
      }
      // Neighbours by co-purchase (all time and lately) and by title, each list's own best: the blend is weighed when scoring.
      const ids = [...touched].sort((a, b) => similarity[b]! - similarity[a]!).slice(0, params.neighbours);
      const chosen = new Set(ids);
      const recent = touched.sort((a, b) => recentSimilarity[b]! - recentSimilarity[a]!).slice(0, params.neighbours);
      const similar = titles[i]!;
      const titleOf = new Map<number, number>();
      similar.ids.forEach((j, k) => titleOf.set(j, similar.scores[k]!));
      for (const j of [...recent, ...similar.ids]) {
        if (chosen.has(j)) continue;
        chosen.add(j);
        ids.push(j);
      }
      neighbourIds.push(Int32Array.from(ids));
      coSimilarity.push(Float32Array.from(ids, (j) => similarity[j]!));
      recentCoSimilarity.push(Float32Array.from(ids, (j) => recentSimilarity[j]!));
      titleSimilarity.push(Float32Array.from(ids, (j) => titleOf.get(j) ?? 0));
      boughtTogether.push(Uint32Array.from(ids, (j) => count[j]!));
      for (const j of touched) {
        row[j] = 0;
        recentRow[j] = 0;
        count[j] = 0;
        similarity[j] = 0;
        recentSimilarity[j] = 0;
      }
    }
    return new Recommender(params, {
      products,
      indexOf,
      neighbourIds,
      coSimilarity,
      recentCoSimilarity,
      titleSimilarity,
      boughtTogether,
      popularity,
      popularOrder,
      lastPurchaseAt,
      baskets,
      lastBought,
      buyers,
      boughtAt,
      customerIds,
    });
  }

  /**
   * The best products for a customer with this purchase history (any products the model does
   * not know are ignored), each with the reason that scored highest.
   */
  recommend(history: readonly Purchase[], options: RecommendOptions): Suggestion[] {
    const { params } = this;
    const { products, indexOf, neighbourIds, titleSimilarity, boughtTogether, popularity, popularOrder, lastPurchaseAt } = this.learned;
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
      const ids = neighbourIds[i]!;
      const co = (options.includeOwned ? this.learned.coSimilarity : this.learned.recentCoSimilarity)[i]!;
      const title = titleSimilarity[i]!;
      const together = boughtTogether[i]!;
      for (let k = 0; k < ids.length; k++) {
        const j = ids[k]!;
        const coPart = w * co[k]!;
        const titlePart = w * params.titleWeight * title[k]!;
        const part = coPart + titlePart;
        const entry = scores.get(j);
        const bestKind = coPart >= titlePart ? 'bought_with' : 'similar_to';
        if (!entry) scores.set(j, { score: part, best: part, bestFrom: i, bestKind, together: together[k]! });
        else {
          entry.score += part;
          if (part > entry.best) Object.assign(entry, { best: part, bestFrom: i, bestKind, together: together[k]! });
        }
      }
    }
    const fromCustomers = params.userWeight > 0 ? this.similarCustomersScores(owned, options.customerId) : new Map<number, number>();
    const allowed = (j: number) => (options.includeOwned || !owned.has(j)) && !options.exclude?.has(products[j]!.sku);
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
        const from = products[s.bestFrom]!;
        reason =
          s.bestKind === 'bought_with'
            ? { kind: 'bought_with', sku: from.sku, title: from.title, customers: s.together }
            : { kind: 'similar_to', sku: from.sku, title: from.title };
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
    return result.map(({ j, score, reason }) => {
      const p = products[j]!;
      return { sku: p.sku, title: p.title, unitPriceMinor: p.unitPriceMinor, currency: p.currency, score, reason };
    });
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
    const overlap = new Float64Array(baskets.length);
    const met: number[] = [];
    let ownNorm = 0;
    for (const [i, w] of owned) {
      ownNorm += w * w;
      const cs = buyers[i]!;
      const at = boughtAt[i]!;
      for (let b = 0; b < cs.length; b++) {
        const c = cs[b]!;
        if (overlap[c] === 0) met.push(c);
        overlap[c] = overlap[c]! + w * 0.5 ** ((lastPurchaseAt - at[b]!) / overlapHalfLife);
      }
    }
    const norm = Math.sqrt(ownNorm);
    const neighbours = met
      .filter((c) => customerIds[c] !== customerId)
      .map((c) => ({ c, similarity: overlap[c]! / (norm * Math.sqrt(baskets[c]!.length)) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, params.userNeighbours);
    const scores = new Map<number, number>();
    const halfLife = params.peerRecencyHalfLifeDays * dayMs;
    for (const { c, similarity } of neighbours) {
      const items = baskets[c]!;
      const last = lastBought[c]!;
      // What similar customers bought lately says more about what sells to such customers now.
      for (let k = 0; k < items.length; k++) scores.set(items[k]!, (scores.get(items[k]!) ?? 0) + similarity * 0.5 ** ((lastPurchaseAt - last[k]!) / halfLife));
    }
    return scores;
  }
}
