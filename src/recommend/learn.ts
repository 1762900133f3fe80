import type { Purchase } from './purchases.js';
import type { RecommenderParams } from './recommender-params.js';
import { titleNeighbours } from './title-similarity.js';

/**
 * What training learned from the order history, as a few flat arrays (rows of a list are
 * `values[offsets[r]] … values[offsets[r + 1] - 1]`): a worker thread hands the model over by
 * moving these buffers, with nothing for the serving thread to rebuild object by object.
 */
export interface LearnedModel {
  /** Per product, as the shop sells it now (its latest sale). */
  skus: string[];
  titles: string[];
  unitPriceMinor: Float64Array;
  currencies: string[];
  /** Per product: neighbours (co-purchase and title), with their co-purchase, recent co-purchase and title similarities. */
  neighbours: Rows;
  coSimilarity: Float32Array;
  /** The co-purchase with each pair weighed by how lately it was bought (coRecencyHalfLifeDays): what a new product is ranked by. */
  recentCoSimilarity: Float32Array;
  titleSimilarity: Float32Array;
  /** How many customers bought both, per neighbour. */
  boughtTogether: Uint32Array;
  /** Recency-weighted sales, 0..1, and the products from most to least popular. */
  popularity: Float64Array;
  popularOrder: Int32Array;
  lastPurchaseAt: number;
  /** Per customer of the history: the products they bought, and when they last bought each. */
  customerIds: string[];
  baskets: Rows;
  lastBought: Float64Array;
  /** Per product: its buyers, and when each last bought it. */
  buyers: Rows;
  boughtAt: Float64Array;
}

/** Rows of indices in one buffer. */
export interface Rows {
  offsets: Int32Array;
  values: Int32Array;
}

/** The buffers a LearnedModel can be moved (not copied) to another thread with. */
export function transferables(model: LearnedModel): ArrayBuffer[] {
  const arrays = [
    model.unitPriceMinor,
    model.neighbours.offsets,
    model.neighbours.values,
    model.coSimilarity,
    model.recentCoSimilarity,
    model.titleSimilarity,
    model.boughtTogether,
    model.popularity,
    model.popularOrder,
    model.baskets.offsets,
    model.baskets.values,
    model.lastBought,
    model.buyers.offsets,
    model.buyers.values,
    model.boughtAt,
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

interface Product {
  sku: string;
  title: string;
  unitPriceMinor: number;
  currency: string;
  lastSoldAt: number;
}

const dayMs = 86_400_000;

function offsetsOf(lengths: ArrayLike<number>): Int32Array {
  const offsets = new Int32Array(lengths.length + 1);
  for (let r = 0; r < lengths.length; r++) offsets[r + 1] = offsets[r]! + lengths[r]!;
  return offsets;
}

function flat<T extends Int32Array | Uint32Array | Float32Array | Float64Array>(rows: ArrayLike<number>[], make: (length: number) => T): T {
  const values = make(rows.reduce((sum, r) => sum + r.length, 0));
  let at = 0;
  for (const r of rows) {
    values.set(r, at);
    at += r.length;
  }
  return values;
}

function rowsOf(rows: ArrayLike<number>[]): Rows {
  return { offsets: offsetsOf(rows.map((r) => r.length)), values: flat(rows, (n) => new Int32Array(n)) };
}

/**
 * Learns from an order history: products bought by the same customers (a damped, asymmetric
 * cosine over customers' baskets, all time and lately), products with similar titles, what
 * sells now, and who bought what when (for similar customers at recommendation time).
 */
export function learn(purchases: readonly Purchase[], params: RecommenderParams): LearnedModel {
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
  return {
    skus: products.map((p) => p.sku),
    titles: products.map((p) => p.title),
    unitPriceMinor: Float64Array.from(products, (p) => p.unitPriceMinor),
    currencies: products.map((p) => p.currency),
    neighbours: rowsOf(neighbourIds),
    coSimilarity: flat(coSimilarity, (n) => new Float32Array(n)),
    recentCoSimilarity: flat(recentCoSimilarity, (n) => new Float32Array(n)),
    titleSimilarity: flat(titleSimilarity, (n) => new Float32Array(n)),
    boughtTogether: flat(boughtTogether, (n) => new Uint32Array(n)),
    popularity,
    popularOrder,
    lastPurchaseAt,
    customerIds,
    baskets: rowsOf(baskets),
    lastBought: flat(lastBought, (n) => new Float64Array(n)),
    buyers: rowsOf(buyers),
    boughtAt: flat(boughtAt, (n) => new Float64Array(n)),
  };
}
