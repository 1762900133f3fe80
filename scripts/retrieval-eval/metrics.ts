import { answers, type RetrievalQuestion } from './questions.js';

export interface RankedResult {
  question: RetrievalQuestion;
  passages: ReadonlyArray<Parameters<typeof answers>[1]>;
}

export interface RankingMetrics {
  questions: number;
  recallAt1: number;
  recallAt5: number;
  /** Mean reciprocal rank of the expected passage within the top 10 (0 when it is not there). */
  mrr: number;
  /** Questions whose expected passage is not in the top 5, for looking into. */
  misses: string[];
}

const round = (n: number) => Number(n.toFixed(3));

export function rankingMetrics(results: readonly RankedResult[]): RankingMetrics {
  const positives = results.filter((r) => r.question.source !== null);
  let hit1 = 0;
  let hit5 = 0;
  let reciprocal = 0;
  const misses: string[] = [];
  for (const { question, passages } of positives) {
    const rank = passages.slice(0, 10).findIndex((p) => answers(question, p)) + 1;
    if (rank === 1) hit1++;
    if (rank >= 1 && rank <= 5) hit5++;
    else misses.push(question.q);
    if (rank >= 1) reciprocal += 1 / rank;
  }
  const n = Math.max(1, positives.length);
  return { questions: positives.length, recallAt1: round(hit1 / n), recallAt5: round(hit5 / n), mrr: round(reciprocal / n), misses };
}

export interface AbstentionMetrics {
  /** Unanswerable questions that got no passage at all: the bot says "I don't know". */
  unanswerableRejected: number;
  unanswerable: number;
  /** Answerable questions whose passage survived the relevance check in the top 5. */
  answerableKept: number;
  answerable: number;
}

/** How well the relevance check separates questions the documents answer from those they do not. */
export function abstentionMetrics(results: readonly RankedResult[]): AbstentionMetrics {
  const unanswerable = results.filter((r) => r.question.source === null);
  const answerable = results.filter((r) => r.question.source !== null);
  return {
    unanswerableRejected: unanswerable.filter((r) => r.passages.length === 0).length,
    unanswerable: unanswerable.length,
    answerableKept: answerable.filter((r) => r.passages.slice(0, 5).some((p) => answers(r.question, p))).length,
    answerable: answerable.length,
  };
}
