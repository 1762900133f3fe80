import type { Language } from '../../domain/types.js';
import { attachedPhrasingMatch, minPhrasingMatch, phrasingMatches } from './phrasing-match.js';
import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import type { IndexSnapshot } from '../index/index-snapshot.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import type { KnowledgePassage } from '../types.js';
import { fuse, type Candidate, type FusionSettings } from './fusion.js';
import { answerSentences } from './answer-sentences.js';
import { topicPrior, type TopicReader } from './topic-prior.js';
import { defaultRankingModel, rankScore, relevanceOf, type PassageFeatures, type RankingModel } from './ranking-model.js';

export type SearchMode = 'hybrid' | 'keyword' | 'vector';

export interface RelevanceSettings {
  /** A passage counts when the ranking model's relevance (the probability that it answers, 0..1) reaches this… */
  minRelevance: number;
  /** …or when its vector similarity alone is this high (depends on the embedder). */
  minSimilarity: number;
  /** Score factor for a passage not in the customer's language, so their own language wins near ties. */
  otherLanguageFactor: number;
  /** Ranking and relevance weights; `defaultRankingModel` (fitted on the dev questions) unless given. */
  model?: RankingModel;
}

export interface SnapshotSearchOptions {
  k: number;
  language?: Language;
  hint?: string;
  hintIsEvidence?: boolean;
  mode?: SearchMode;
  /** False ranks without deciding relevance: what recall is measured on. */
  relevanceGate?: boolean;
}

function maxCoverage(a: (index: number) => number, b: (index: number) => number): (index: number) => number {
  return (index) => Math.max(a(index), b(index));
}

type Ranked = Candidate & { features: PassageFeatures; relevance: number; final: number; attached: boolean; phrased: boolean };

function passageOf(snapshot: IndexSnapshot, candidate: Ranked, index: number, score: number, translation?: number): KnowledgePassage {
  const chunk = snapshot.chunks[index]!;
  const twin = translation === undefined ? undefined : snapshot.chunks[translation]!;
  return {
    id: chunk.id,
    source: chunk.source,
    section: chunk.section,
    text: chunk.text,
    language: chunk.language,
    score: Number(score.toFixed(4)),
    documentId: chunk.documentId,
    title: chunk.title,
    version: chunk.version,
    updated: chunk.updated,
    translation: twin && { id: twin.id, source: twin.source, section: twin.section, language: twin.language, text: twin.text },
    signals: {
      coverage: Number(candidate.coverage.toFixed(3)),
      similarity: candidate.similarity === null ? null : Number(candidate.similarity.toFixed(3)),
      keywordRank: candidate.keywordRank,
      vectorRank: candidate.vectorRank,
      topic: Number(candidate.features.topic.toFixed(3)),
      heading: Number(candidate.features.heading.toFixed(3)),
      keyword: Number(candidate.features.keyword.toFixed(3)),
      known: Number(candidate.features.known.toFixed(3)),
      relevance: Number(candidate.relevance.toFixed(3)),
    },
  };
}

/**
 * Keyword (BM25) and vector (HNSW) candidates fused into one ranking; passages that neither
 * enough of the question's words nor a close enough vector support are dropped, so an
 * unrelated question gets no passage (and an honest "I don't know") rather than the nearest
 * rule. A rule held in both languages comes back once, in the customer's language where
 * possible, with the other language attached as its translation.
 */
export async function searchSnapshot(
  snapshot: IndexSnapshot,
  analyzer: TextAnalyzer,
  embeddings: KnowledgeEmbeddings,
  query: string,
  options: SnapshotSearchOptions,
  relevance: RelevanceSettings,
  fusion: FusionSettings,
  topics?: TopicReader,
): Promise<KnowledgePassage[]> {
  if (snapshot.size === 0 || !query.trim()) return [];
  const mode = options.mode ?? 'hybrid';
  const pool = Math.max(30, options.k * 6);
  const groups = snapshot.spelling.expand(analyzer.queryGroups(query), (term) => snapshot.bm25.knows(term));
  const hintGroups = options.hint?.trim() ? analyzer.queryGroups(options.hint) : [];
  const hinted = [...groups, ...hintGroups];
  const keyword = mode === 'vector' ? [] : snapshot.bm25.search(hinted, pool);
  const vector = mode === 'keyword' ? [] : await snapshot.nearest(await embeddings.embedQuery(options.hint ? `${query} ${options.hint}` : query), pool);
  // Relevance is judged on the customer's words alone, unless the hint is evidence in its own right.
  const ownCoverage = snapshot.bm25.coverageOf(groups);
  const coverage = options.hintIsEvidence && hintGroups.length > 0 ? maxCoverage(ownCoverage, snapshot.bm25.coverageOf(hintGroups)) : ownCoverage;
  const headingCoverage = snapshot.bm25.coverageOf(groups, (term, index) => snapshot.headingTerms(analyzer, index).has(term));
  const known = snapshot.bm25.knownShare(groups);

  const prior = topicPrior(snapshot, mode === 'hybrid' ? topics : undefined, query);
  const candidates = fuse(keyword, vector, coverage, mode === 'hybrid' ? fusion : { ...fusion, vectorWeight: mode === 'vector' ? 1 : 0 });
  const phrased = mode === 'hybrid' ? phrasingMatches(groups, snapshot.phrasings(analyzer), snapshot.bm25) : new Map<number, number>();
  const seen = new Set(candidates.map((c) => c.index));
  const join = (index: number) => {
    if (seen.has(index)) return;
    seen.add(index);
    candidates.push({ index, score: 0, coverage: coverage(index), similarity: null, keywordRank: null, vectorRank: null, keyword: 0 });
  };
  // Passages an admin has attached this question (or one close to it) to join the candidates.
  for (const [index, match] of phrased) if (match >= minPhrasingMatch) join(index);
  // Passages about what the question is about join the candidates even when they share no word with it.
  if (topics && mode === 'hybrid') for (const index of prior.best(5)) join(index);
  const model = relevance.model ?? defaultRankingModel;
  const ranked: Ranked[] = candidates
    .map((c) => {
      const features: PassageFeatures = {
        keyword: c.keyword,
        vector: c.similarity ?? 0,
        coverage: c.coverage,
        // A question matching one of the passage's phrasings reads as one matching its title.
        heading: Math.max(headingCoverage(c.index), phrased.get(c.index) ?? 0),
        topic: prior(c.index),
        known,
      };
      // The keyword-only and vector-only modes rank by their own list (for comparison and debugging).
      const score = mode === 'hybrid' ? rankScore(model, features) : c.score;
      const language = snapshot.chunks[c.index]!.language;
      const final = options.language && language !== options.language ? score * relevance.otherLanguageFactor : score;
      // An admin said this passage answers this question: asked again, nearly word for word, it does.
      const match = phrased.get(c.index) ?? 0;
      return { ...c, features, relevance: relevanceOf(model, features), final, attached: match >= attachedPhrasingMatch, phrased: match >= minPhrasingMatch };
    })
    .filter((c) => !(options.relevanceGate ?? true) || c.phrased || c.relevance >= relevance.minRelevance || (c.similarity ?? 0) >= relevance.minSimilarity)
    .sort((a, b) => Number(b.attached) - Number(a.attached) || b.final - a.final);

  const byIndex = new Map(ranked.map((c) => [c.index, c]));
  const used = new Set<number>();
  const passages: KnowledgePassage[] = [];
  for (const candidate of ranked) {
    if (passages.length >= options.k) break;
    if (used.has(candidate.index)) continue;
    const twin = snapshot.translations.get(candidate.index);
    const swap =
      options.language !== undefined &&
      twin !== undefined &&
      snapshot.chunks[candidate.index]!.language !== options.language &&
      snapshot.chunks[twin]!.language === options.language;
    const primary = swap ? twin : candidate.index;
    used.add(candidate.index);
    if (twin !== undefined) used.add(twin);
    const signals = byIndex.get(primary) ?? candidate;
    passages.push(passageOf(snapshot, signals, primary, swap ? candidate.final / relevance.otherLanguageFactor : candidate.final, swap ? candidate.index : twin));
  }
  if (options.relevanceGate ?? true) {
    for (const passage of passages) {
      const choice = answerSentences(passage.text, groups, snapshot.bm25, analyzer);
      if (choice.shortened) passage.answer = choice.text;
    }
  }
  return passages;
}
