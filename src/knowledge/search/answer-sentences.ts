import { splitSentences } from '../../llm/guard/sentences.js';
import type { Bm25Index } from './bm25-index.js';
import type { QueryGroup, TextAnalyzer } from '../text/analyzer.js';

/**
 * Sentences that qualify or override the rest of a rule: an exception ("This does not affect
 * your rights when an item is faulty", 商品本身有质量问题的，不受此限制) or a safety instruction.
 * Dropping one would turn a true answer into a false one, so they stay whenever the rule they
 * qualify is quoted. These are the closed-class words that mark such sentences, not a list of topics.
 */
const qualifier =
  /\b(?:unless|except|excluding|however|but|not affect|not affected|does not apply|do not apply|only if|provided that|as long as|stop using|safety)\b|除外|除非|但是|但|不受此限制|不受|不影响|不适用|不包括|仅限|否则|停止使用|安全/i;
/** A sentence that leans on the one before it ("This…", 此…) cannot stand alone. */
const leansBack = /^(?:this|these|that|those|it|they|such|此|该|这|上述|以上)/i;

export interface AnswerChoice {
  /** The sentences that answer, in the passage's order, joined as written. */
  text: string;
  /** False when the whole passage is the answer. */
  shortened: boolean;
}

/**
 * The sentences of a passage that answer a question: those holding at least half as much of
 * the question's known content as the best one, the sentence a chosen one leans on, and every
 * exception or safety sentence next to a chosen one. A short passage, or one where nothing
 * stands out, is kept whole.
 */
export function answerSentences(text: string, groups: readonly QueryGroup[], bm25: Bm25Index, analyzer: TextAnalyzer): AnswerChoice {
  const sentences = splitSentences(text);
  if (sentences.length <= 2) return { text: text.trim(), shortened: false };
  const scores = sentences.map((sentence) => {
    const terms = new Set(analyzer.indexTerms(sentence.text));
    return bm25.coverageOf(groups, (term) => terms.has(term))(0);
  });
  const best = Math.max(...scores);
  if (best <= 0) return { text: text.trim(), shortened: false };
  const keep = scores.map((score) => score >= best * 0.5);
  for (let i = 0; i < sentences.length; i++) {
    if (!keep[i]) continue;
    if (i > 0 && leansBack.test(sentences[i]!.text)) keep[i - 1] = true;
  }
  sentences.forEach((sentence, i) => {
    const besideKept = keep[i - 1] === true || keep[i + 1] === true;
    if (!keep[i] && qualifier.test(sentence.text) && (besideKept || scores[i]! > 0)) keep[i] = true;
  });
  const chosen = sentences.filter((_, i) => keep[i]);
  if (chosen.length === sentences.length) return { text: text.trim(), shortened: false };
  const joiner = /\p{Script=Han}/u.test(text) ? '' : ' ';
  return { text: chosen.map((s) => s.text).join(joiner), shortened: true };
}
