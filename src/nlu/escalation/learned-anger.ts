import { lexiconSignals, type LexiconSignals } from '../sentiment/lexicon/signals.js';
import { angerOf, lexiconAgrees } from './frustration.js';
import { findPhrase } from './match-phrases.js';
import { declinedHumanPatterns } from './phrases.js';
import { notAngryAtShop } from './product-or-shop.js';
import { normalisedLength } from './similarity.js';
import type { NeedsPersonJudgement } from './needs-person/classifier.js';

/**
 * A compensation demand or an unanswered question counts as said in anger from this probability on.
 * 0.6 since the model learnt from v2 and v3 (0.1 below the earlier 0.7, as the needs-person threshold
 * moved from 0.85 to 0.75); the v4 dev part gave the same figures at 0.6, 0.65 and 0.7.
 */
export const UPSET_PROBABILITY = 0.6;

/**
 * Above this the learned judgement needs no negative sentiment to agree (the lexicon misses much
 * plain anger in Chinese: "你们怎么回事"). Chosen on the v2 and v3 dev parts.
 */
const NEEDS_PERSON_ALONE = 0.9;

/** "No big deal", "not urgent", "a bit annoying", "不着急": the customer says themselves that this is mild, not a grievance. */
export const deEscalated =
  /\b(?:not a big deal|no big deal|no worries|no rush|not urgent|no hurry|just (?:a heads[- ]up|letting you know|fyi|curious|wondering)|not complaining|no problem|not a problem|i'm not upset|not angry)\b|不着急|不急|没关系|没事|不要紧|不影响|不是投诉|不是要投诉|不是要给差评|不会投诉|不投诉|不会给差评|放心|哈哈|😂|lol\b|haha|that'?s fair|\b(?:a (?:bit|little)|slightly|somewhat|mildly|a tad)\b|有点|有一点|稍微|(?<!for nothing\W{0,3})\b(?:thanks|thank you)\b(?! for nothing)|谢谢/i;
/** Asked as a question, with no exclamation, no "??" and no shouting: asking, not venting ("is that normal?", "是不是坏了"). */
const calmlyAsked = (text: string, lexicon: LexiconSignals) =>
  (lexicon.question || /[?？]\s*$/.test(text.trim())) && !/[!！]|[?？]{2}/.test(text) && lexicon.emphasis <= 1 && lexicon.abuse.length === 0;

/** So sure that a plain question mark does not make the message calm ("this is ridiculous, what do you want from me?"). */
const NEEDS_PERSON_CERTAIN = 0.9;
/** Shouting (mostly capitals) is anger said loudly: the judgement needs less to agree. */
const SHOUTING = 1.3;

/**
 * The learned judgement says a person is needed, with words a supervisor can read on the card
 * (a probability carried by message length or punctuation alone explains nothing), and nothing
 * in the message says it is calm.
 */
export function learnedAnger(text: string, lexicon: LexiconSignals, polarity: number, judgement: NeedsPersonJudgement, threshold: number): boolean {
  const { probability } = judgement;
  if (judgement.evidence.length === 0) return false;
  if (deEscalated.test(text) || findPhrase(text, declinedHumanPatterns, { denials: false })) return false;
  if (calmlyAsked(text, lexicon) && probability < NEEDS_PERSON_CERTAIN) return false;
  const bar = lexicon.emphasis >= SHOUTING ? Math.min(threshold, UPSET_PROBABILITY) : threshold;
  const negative = polarity < 0 || lexicon.negative > 0 || lexicon.abuse.length > 0;
  return probability >= bar && (negative || probability >= Math.max(bar, NEEDS_PERSON_ALONE));
}

/**
 * Judges one message or sentence; the shipped model unless a test or a shop supplies another.
 * `lexicon` is the lexicon's reading of that same text, when the caller has it (to save reading it twice).
 */
export type NeedsPersonJudge = (text: string, lexicon?: LexiconSignals) => NeedsPersonJudgement;

/**
 * The sentences of a message, when it has more than one: an angry sentence is not made calm by
 * a calm question beside it ("This is a joke. Where is my parcel?"), though read as a whole the
 * question mark, the lexicon's average and the n-grams all lean the other way.
 */
export function sentencesOf(text: string): string[] {
  const sentences = text
    .split(/(?<=(?<!\.)[.!?;])\s+|(?<=[。！？；\n])(?![。！？!?])/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => normalisedLength(sentence) >= 4);
  return sentences.length > 1 ? sentences : [];
}

/**
 * A sentence needs the lexicon to agree it is angry (or to shout), and a sentence's negative
 * words are the message's: with well under that in the whole message no sentence can qualify,
 * and the sentences need not be read one by one.
 */
const mayHaveAngrySentence = (whole: LexiconSignals) => whole.negative >= 1 || whole.abuse.length > 0 || whole.emphasis >= SHOUTING;

export interface UpsetSentence {
  text: string;
  lexicon: LexiconSignals;
  judgement: NeedsPersonJudgement;
}

/**
 * The first sentence that the learned judgement, read on its own, finds upset at the shop, in
 * a message whose other sentences do not say it is mild ("no rush", "thanks") and that is not,
 * as a whole, a complaint about the product with a request for a remedy ("This kettle is
 * terrible at keeping the water hot. Can I return it?"): the evidence is that sentence's words.
 */
export function upsetSentence(text: string, polarity: number, judge: NeedsPersonJudge, threshold: number, atShop?: boolean, whole?: LexiconSignals): UpsetSentence | null {
  if (whole && !mayHaveAngrySentence(whole)) return null;
  const sentences = sentencesOf(text);
  if (sentences.length === 0 || deEscalated.test(text) || !(atShop ?? !notAngryAtShop(text, lexiconSignals(text)))) return null;
  for (const sentence of sentences) {
    const lexicon = lexiconSignals(sentence);
    if (notAngryAtShop(sentence, lexicon)) continue;
    const judgement = judge(sentence, lexicon);
    // The sentence must carry the upset in its own words: a neutral aside ("I promise I'm not a bot
    // either.", an instruction pasted into the chat) is not made angry by its neighbour, however
    // sure the judgement is of it alone.
    if (!lexiconAgrees(lexicon) && lexicon.emphasis < SHOUTING) continue;
    if (learnedAnger(sentence, lexicon, polarity, judgement, threshold)) return { text: sentence, lexicon, judgement };
  }
  return null;
}

/**
 * The lexicon's anger rule on one sentence: the words in it are angry at the shop, whatever a
 * calm question next to it does to the message's average. Returns the angriest sentence.
 */
export function angrySentence(
  text: string,
  polarity: number,
  threshold: number,
  atShop?: boolean,
  whole?: LexiconSignals,
): { text: string; lexicon: LexiconSignals; anger: number } | null {
  if (whole && !mayHaveAngrySentence(whole)) return null;
  const sentences = sentencesOf(text);
  if (sentences.length === 0 || deEscalated.test(text) || !(atShop ?? !notAngryAtShop(text, lexiconSignals(text)))) return null;
  let best: { text: string; lexicon: LexiconSignals; anger: number } | null = null;
  for (const sentence of sentences) {
    const lexicon = lexiconSignals(sentence);
    if (!lexiconAgrees(lexicon) || notAngryAtShop(sentence, lexicon) || calmlyAsked(sentence, lexicon)) continue;
    const anger = angerOf({ polarity: Math.min(polarity, lexicon.polarity), lexicon });
    if (anger >= threshold && (!best || anger > best.anger)) best = { text: sentence, lexicon, anger };
  }
  return best;
}
