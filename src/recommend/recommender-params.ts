/**
 * The knobs of the recommender. The defaults were chosen on a dev split inside the history
 * (`npm run eval:recommend -- --tune`), never on the purchases the reported figures are measured on.
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
