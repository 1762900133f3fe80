import type { Passage } from '../../src/domain/types.js';
import type { KnowledgePassage } from '../../src/knowledge/types.js';
import type { BotDecider } from './bot-decision.js';
import type { GoldQuestion } from './customer-set.js';

export interface PartFigures {
  questions: number;
  answerable: number;
  unanswerable: number;
  /** Answerable questions the bot answers from a passage of a right section. */
  top1SectionAccuracy: number;
  /** Answerable questions with a right passage in the top 5 of the ranking (before the relevance check). */
  recallAt5: number;
  /** Answerable questions the bot says it cannot answer. */
  noAnswerRate: number;
  /** Unanswerable questions the bot declines. */
  rejectionRate: number;
  /** Every question decided right: the right section, or no answer when there is none. */
  decisionAccuracy: number;
  /** Answers whose labelled passage was not found in the corpus (should be 0). */
  unmapped: number;
  misses: string[];
  /** Ids of the questions decided wrong. */
  missedIds: Set<string>;
}

const sectionRoot = (section: string | undefined) => (section ?? '').split(' › ')[0]!;
const keyOf = (p: { source: string; section?: string }) => `${p.source}§${sectionRoot(p.section)}`;

/** Section keys (source § heading) a passage speaks for: its own and its translation's. */
function keysOf(passage: Passage): string[] {
  const translation = (passage as Partial<KnowledgePassage>).translation;
  return translation ? [keyOf(passage), keyOf(translation)] : [keyOf(passage)];
}

function idsOf(passage: Passage): string[] {
  const translation = (passage as Partial<KnowledgePassage>).translation;
  return translation ? [passage.id, translation.id] : [passage.id];
}

const round = (n: number) => Number(n.toFixed(3));

export async function evaluateCustomerPart(decider: BotDecider, questions: readonly GoldQuestion[], sectionKeyOfChunk: (id: string) => string | undefined): Promise<PartFigures> {
  let answerable = 0;
  let top1 = 0;
  let recall5 = 0;
  let noAnswer = 0;
  let unanswerable = 0;
  let rejected = 0;
  let unmapped = 0;
  const misses: string[] = [];
  const missedIds = new Set<string>();
  for (const question of questions) {
    const missesBefore = misses.length;
    unmapped += question.unmapped;
    const decision = await decider.decide(question.q, question.lang);
    if (question.answers.length === 0) {
      unanswerable++;
      if (!decision.answeredFrom) rejected++;
      else {
        misses.push(`[${question.id}] unanswerable, answered from ${keyOf(decision.answeredFrom)}: ${question.q}`);
        missedIds.add(question.id);
      }
      continue;
    }
    answerable++;
    const goldKeys = new Set([...question.gold].map(sectionKeyOfChunk).filter((k): k is string => k !== undefined));
    const ranking = await decider.rank(question.q, question.lang, 5);
    if (ranking.some((p) => idsOf(p).some((id) => question.gold.has(id)))) recall5++;
    if (!decision.answeredFrom) {
      noAnswer++;
      misses.push(`[${question.id}] no answer (want ${[...goldKeys].join(' | ')}): ${question.q}`);
    } else if (keysOf(decision.answeredFrom).some((k) => goldKeys.has(k))) top1++;
    else misses.push(`[${question.id}] answered from ${keyOf(decision.answeredFrom)} (want ${[...goldKeys].join(' | ')}): ${question.q}`);
    if (misses.length > missesBefore) missedIds.add(question.id);
  }
  const a = Math.max(1, answerable);
  const u = Math.max(1, unanswerable);
  return {
    questions: questions.length,
    answerable,
    unanswerable,
    top1SectionAccuracy: round(top1 / a),
    recallAt5: round(recall5 / a),
    noAnswerRate: round(noAnswer / a),
    rejectionRate: round(unanswerable ? rejected / u : 1),
    decisionAccuracy: round((top1 + rejected) / Math.max(1, questions.length)),
    unmapped,
    misses,
    missedIds,
  };
}
