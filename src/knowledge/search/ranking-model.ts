/**
 * What decides a passage's rank and whether it answers the question at all, from signals that
 * hold for any knowledge base (none of them names a word, a section or a document):
 * - keyword: its BM25 score over the question's words and concepts, relative to the best hit;
 * - vector: its embedding similarity to the question;
 * - coverage: the share of the question's KNOWN content (idf-weighted) the passage holds;
 * - heading: the same share held by its headings alone (what the rule is titled);
 * - topic: how much the intent model reads question and passage as about the same thing;
 * - known: the share of the question's words the knowledge base knows at all.
 */
export interface PassageFeatures {
  keyword: number;
  vector: number;
  coverage: number;
  heading: number;
  topic: number;
  known: number;
}

export const featureNames = ['keyword', 'vector', 'coverage', 'heading', 'topic', 'known'] as const satisfies ReadonlyArray<keyof PassageFeatures>;

export interface RankingModel {
  /** Linear ranking score: the weights of a pairwise logistic model (right passage above the others). */
  rank: PassageFeatures;
  /** Logistic relevance: the probability that the best passage answers the question. */
  relevance: { bias: number; weights: PassageFeatures };
}

/**
 * Fitted by `npx tsx scripts/retrieval-eval/fit-ranking.ts` on the DEV parts of the customer
 * question sets (tests/fixtures/retrieval/customer-2026-12/*-dev.jsonl) only; the test parts
 * check it. Refit after changing a feature.
 */
export const defaultRankingModel: RankingModel = {
  rank: { keyword: 3.901, vector: 1.456, coverage: 1.993, heading: 1.618, topic: 2.318, known: 0 },
  relevance: { bias: -6.681, weights: { keyword: 2.426, vector: 3.013, coverage: 0.615, heading: 0.61, topic: 0.927, known: 3.399 } },
};

/** The ranking score scaled to 0..1 (every feature is 0..1; 1 is a passage at the top of every signal). */
export function rankScore(model: RankingModel, features: PassageFeatures): number {
  const most = featureNames.reduce((sum, name) => sum + Math.max(0, model.rank[name]), 0);
  const score = featureNames.reduce((sum, name) => sum + model.rank[name] * features[name], 0);
  return most > 0 ? Math.max(0, Math.min(1, score / most)) : 0;
}

export function relevanceOf(model: RankingModel, features: PassageFeatures): number {
  const z = featureNames.reduce((sum, name) => sum + model.relevance.weights[name] * features[name], model.relevance.bias);
  return 1 / (1 + Math.exp(-z));
}
