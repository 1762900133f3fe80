import type { StoredMessage } from '../../domain/types.js';
import { notARepeat } from './phrases.js';
import { lexiconSignals } from '../sentiment/lexicon/signals.js';
import { normalisedLength, similarity } from './similarity.js';

/**
 * How the conversation has gone so far, as opposed to what one message says: the customer
 * asking the same thing again after the bot answered it (the answer did not help), and the
 * customer's need for a person growing turn by turn.
 */

/**
 * A question asked again with insistence ("到底", "for the last time", "I asked about…", "Again:",
 * "…covered or not?") needs less likeness to count as a repeat.
 */
const insisting =
  /到底|究竟|我问的是|我是问|我说的是|我就(?:想)?问|我(?:就|只)想知道|还是那个问题|给个准话|直接告诉我|你一直(?:说|给我|让我|贴|回)|(?:^|[\s(])(?:for the (?:last|third|second) time|again\s*[:,\-–—]|i (?:already )?asked (?:about|you|if|whether)|my question was|i(?:'m| am) asking (?:about|if|whether)|that's not what i asked|i said|same question|still not an answer|(?:still )?(?:haven't|have not|didn't|did not) (?:said|say|answer(?:ed)?)|yes or no|you keep (?:sending|telling|saying|giving|pasting|repeating))\b|\bor not\s*[?？]/i;
const INSISTED_SIMILARITY = 0.3;
/**
 * A short clause shares a word with almost any question ("Do you sell patio umbrellas?" and "Do
 * you sell garden furniture?" share "sell"): a clause must be more alike to count.
 */
const INSISTED_CLAUSE_SIMILARITY = 0.4;

export interface RepeatSettings {
  /** Similarity (0..1) at which a message is the same question again. */
  similarity: number;
  /** How many earlier customer turns are looked at. */
  lookback: number;
}

export interface Repeat {
  earlier: string;
  score: number;
  insisted: boolean;
}

/** The bot (or anyone on the shop's side) answered after this customer message. */
function answeredAfter(history: readonly StoredMessage[], message: StoredMessage): boolean {
  const at = history.indexOf(message);
  return at >= 0 && history.slice(at + 1).some((m) => m.direction === 'out');
}

/** Clauses of a message: a repeat is often one part of an earlier question asked again, wrapped in new words. */
const clauseBreak = /[.!?。！？;；,，:：\n]+|\s[-–—]\s/;
/**
 * The clauses long enough to be a question of their own. Order numbers stay in: "where is my order
 * 562039?" after "where is my order 481120?" is a new question, not the same one again.
 */
const clausesOf = (text: string) =>
  text
    .split(clauseBreak)
    .map((clause) => clause.trim())
    .filter((clause) => normalisedLength(clause) >= (/\p{Script=Han}/u.test(clause) ? 4 : 10));
const questionClause = (clause: string) => lexiconSignals(clause).question;

/**
 * How alike a new message is to an earlier one: as whole messages, or as the best pair of a
 * question clause now and a clause of the earlier message ("That doesn't explain it. Why is my
 * refund $20 less?" repeats "why was my refund $20 less than the price?").
 */
function likeness(earlier: string, now: string): { score: number; byClause: boolean } {
  const whole = similarity(earlier, now);
  let clauses = 0;
  const before = clausesOf(earlier);
  for (const clause of before.length > 0 ? clausesOf(now) : []) {
    if (!questionClause(clause)) continue;
    for (const old of before) clauses = Math.max(clauses, similarity(old, clause));
  }
  return clauses > whole ? { score: clauses, byClause: true } : { score: whole, byClause: false };
}

/**
 * The customer asks again what they asked before the bot's answer: as alike as the setting
 * says, or less alike but said with insistence ("纸质发票到底能不能开？" after "能开发票吗"), whole
 * or one question clause of it. Two messages sent in a row without an answer between them are
 * not a repeat.
 */
export function repeatedQuestion(text: string, earlier: readonly StoredMessage[], history: readonly StoredMessage[], settings: RepeatSettings): Repeat | null {
  const trimmed = text.trim();
  if (normalisedLength(trimmed) < 4 || notARepeat.test(trimmed.replace(/[\s\p{P}]+$/u, ''))) return null;
  let best: { message: StoredMessage; score: number; byClause: boolean } | null = null;
  for (const message of earlier.slice(-settings.lookback)) {
    const like = likeness(message.text, trimmed);
    if (!best || like.score > best.score) best = { message, ...like };
  }
  if (!best || !answeredAfter(history, best.message)) return null;
  if (best.score >= settings.similarity) return { earlier: best.message.text, score: best.score, insisted: false };
  const insistedAt = best.byClause ? INSISTED_CLAUSE_SIMILARITY : INSISTED_SIMILARITY;
  if (best.score >= insistedAt && insisting.test(trimmed)) return { earlier: best.message.text, score: best.score, insisted: true };
  return null;
}

export interface LearnedTrend {
  values: number[];
}

/** The last turn of a learned trend needs at least this probability of needing a person… */
const TREND_LAST = 0.6;
/** …and this much more than the first turn of it. */
const TREND_RISE = 0.3;
/** A step down of less than this still counts as "not calmer". */
const TREND_TOLERANCE = 0.1;

/**
 * The learned judgement of each customer turn (oldest first, the current one last) rises over
 * the last `turns` turns: nothing clearly calmer on the way, and the last one leaning clearly
 * towards a person. Catches a customer worn down in words the lexicon does not know ("so now
 * I'm supposed to knock on every door?").
 */
export function learnedTrend(probabilities: readonly number[], turns: number): LearnedTrend | null {
  if (probabilities.length < turns) return null;
  const values = probabilities.slice(-turns);
  const last = values[values.length - 1]!;
  const neverCalmer = values.every((v, i) => i === 0 || v >= values[i - 1]! - TREND_TOLERANCE);
  return neverCalmer && last >= TREND_LAST && last - values[0]! >= TREND_RISE ? { values } : null;
}
