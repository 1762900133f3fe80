import type { ChatModel } from '../../llm/chat-model.js';
import type { Logger } from '../../logger.js';
import { writeSearchQueries } from '../enrichment/model-questions.js';
import type { Retriever, SearchOptions } from '../../core/ports/retriever.js';
import type { KnowledgePassage } from '../types.js';

export interface MultiQuerySettings {
  queries: number;
  timeoutMs: number;
  /** A question whose best passage covers less than this share of its words counts as unclear. */
  clearAt: number;
}

/** The standard constant of reciprocal rank fusion (Cormack et al. 2009). */
const rrfK = 60;
/** Below this much time left, asking the model cannot pay off. */
const minUsefulMs = 300;

export interface PassageSearch {
  readonly name: string;
  search(query: string, options: SearchOptions): Promise<KnowledgePassage[]>;
  prepare?(query: string): void;
}

/** Reciprocal rank fusion of several rankings; a passage keeps its best score and signals. */
export function reciprocalRankFusion(lists: readonly (readonly KnowledgePassage[])[], k: number): KnowledgePassage[] {
  const fused = new Map<string, { passage: KnowledgePassage; rrf: number }>();
  for (const list of lists) {
    list.forEach((passage, rank) => {
      const seen = fused.get(passage.id);
      const best = seen && seen.passage.score >= passage.score ? seen.passage : passage;
      fused.set(passage.id, { passage: best, rrf: (seen?.rrf ?? 0) + 1 / (rrfK + rank + 1) });
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.rrf - a.rrf || b.passage.score - a.passage.score)
    .slice(0, k)
    .map((entry) => entry.passage);
}

/**
 * LangChain's multi-query pattern with a fused ranking: when the offline search finds no
 * passage that covers an unclear question well, the language model rewrites the question into
 * a few search queries, each is searched through the same relevance gate, and the rankings
 * are fused (reciprocal rank fusion) with the original one. A clear question costs nothing; a
 * model error, a timeout, or too little time left before the reply's deadline keeps the
 * offline ranking.
 */
export class MultiQueryRetriever implements Retriever {
  readonly name: string;

  constructor(
    private readonly inner: PassageSearch,
    private readonly model: ChatModel,
    private readonly settings: MultiQuerySettings,
    private readonly logger: Logger,
  ) {
    this.name = `${inner.name}+multi-query`;
  }

  prepare(query: string): void {
    this.inner.prepare?.(query);
  }

  async search(query: string, options: SearchOptions): Promise<KnowledgePassage[]> {
    const offline = await this.inner.search(query, options);
    if ((offline[0]?.signals.coverage ?? 0) >= this.settings.clearAt) return offline;
    const left = options.deadlineAt === undefined ? Infinity : (options.deadlineAt - Date.now()) / 2;
    const timeoutMs = Math.min(this.settings.timeoutMs, left);
    if (timeoutMs < minUsefulMs) return offline;
    const started = Date.now();
    try {
      const queries = await writeSearchQueries(this.model, query, options.language ?? 'en', this.settings.queries, timeoutMs);
      if (queries.length === 0) return offline;
      const rewritten = await Promise.all(queries.map((q) => this.inner.search(q, options)));
      const fused = reciprocalRankFusion([offline, ...rewritten], options.k);
      this.logger.debug({ queries, ms: Date.now() - started, before: offline[0]?.id ?? null, after: fused[0]?.id ?? null }, 'multi-query search');
      return fused;
    } catch (error) {
      this.logger.warn({ err: error, ms: Date.now() - started }, 'multi-query: the model did not rewrite the question; keeping the offline ranking');
      return offline;
    }
  }
}
