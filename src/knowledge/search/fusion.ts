import type { Bm25Hit } from './bm25-index.js';

export interface FusionSettings {
  /**
   * `relative`: each list's scores min-max normalised and mixed by weight, which keeps how much
   * better the best hit is. `rrf`: reciprocal rank fusion, which uses ranks only.
   */
  method: 'relative' | 'rrf';
  /** Share of the vector side, 0..1. */
  vectorWeight: number;
}

export interface Candidate {
  index: number;
  /** 0..1: 1 is the top of every list used. */
  score: number;
  coverage: number;
  similarity: number | null;
  keywordRank: number | null;
  vectorRank: number | null;
  /** The keyword score relative to the best keyword hit, 0..1 (0: not a keyword hit). */
  keyword: number;
}

const rrfK = 60;

function minMax(values: readonly number[]): (value: number) => number {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return (value) => (max > min ? (value - min) / (max - min) : 1);
}

export function fuse(
  keyword: readonly Bm25Hit[],
  vector: ReadonlyArray<{ index: number; similarity: number }>,
  coverage: (index: number) => number,
  settings: FusionSettings,
): Candidate[] {
  const candidates = new Map<number, Candidate>();
  const entry = (index: number) => {
    let candidate = candidates.get(index);
    if (!candidate) candidates.set(index, (candidate = { index, score: 0, coverage: coverage(index), similarity: null, keywordRank: null, vectorRank: null, keyword: 0 }));
    return candidate;
  };
  const keywordWeight = 1 - settings.vectorWeight;
  const keywordNorm = minMax(keyword.map((hit) => hit.score));
  const vectorNorm = minMax(vector.map((hit) => hit.similarity));
  keyword.forEach((hit, rank) => {
    const candidate = entry(hit.index);
    candidate.keywordRank = rank + 1;
    candidate.keyword = keyword[0] && keyword[0].score > 0 ? hit.score / keyword[0].score : 0;
    candidate.score += settings.method === 'rrf' ? keywordWeight / (rrfK + rank + 1) : keywordWeight * keywordNorm(hit.score);
  });
  vector.forEach((hit, rank) => {
    const candidate = entry(hit.index);
    candidate.vectorRank = rank + 1;
    candidate.similarity = hit.similarity;
    candidate.score += settings.method === 'rrf' ? settings.vectorWeight / (rrfK + rank + 1) : settings.vectorWeight * vectorNorm(hit.similarity);
  });
  const best = settings.method === 'rrf' ? 1 / (rrfK + 1) : 1;
  return [...candidates.values()].map((candidate) => ({ ...candidate, score: Math.min(1, candidate.score / best) })).sort((a, b) => b.score - a.score);
}
