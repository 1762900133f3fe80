import { featuresOf } from '../../intent/features.js';
import { lexiconSignals, type LexiconSignals } from '../../sentiment/lexicon/signals.js';
import { negativityTarget } from '../product-or-shop.js';

/** Redaction placeholders ("[EMAIL_1]") and raw addresses say who the customer is, not how they feel. */
const contactDetails = /\[(?:EMAIL|PHONE|CARD|CN_ID|ADDRESS)_\d+\]|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const withoutContactDetails = (text: string) => text.replace(contactDetails, ' ');

/**
 * The intent model's n-grams (Chinese character 1–3-grams; English words, word pairs and
 * character 3–5-grams; message shape) without its topic concepts: whether a message needs a
 * person depends on how it is said, not on whether it is about a refund or a parcel.
 */
export function needsPersonFeatures(text: string, lexicon: LexiconSignals = lexiconSignals(text)): string[] {
  const ngrams = featuresOf(withoutContactDetails(text)).filter((feature) => !feature.startsWith('k:') && !feature.startsWith('kk:'));
  return [...ngrams, ...signalFeatures(text, lexicon)];
}

/**
 * The n-grams are normalised to unit length, so one signal among a hundred n-grams of a long
 * message would barely count; repeated, it weighs about as much as a strong phrase does.
 * 1, 2, 3 and 5 were tried on the v4 dev part and v1: 2–5 the same, 1 a conversation worse.
 */
const SIGNAL_REPEAT = 3;

/** Repeated punctuation of impatience: "!!!", "???", "?!", "。。。", "！！". */
const impatientPunctuation = /[!！]{2,}|[?？]{2,}|[?？][!！]|[!！][?？]|[。.]{3,}|…{2,}/;

/**
 * What the lexicon and the rules read in the message, as features the model weighs next to
 * the n-grams: how negative the words are (in steps, so the model learns where negativity
 * starts to matter), whether that negativity is aimed at the shop or at the product or
 * someone else (a broken kettle reported calmly is not anger at the shop), swearing, and
 * shouting. The n-grams alone see "useless" but not whom it is about.
 */
/** A signal that stands for the message's negative words: the classifier shows those words as its evidence. */
export const isNegativitySignal = (feature: string) => feature.startsWith('x:neg') || feature.startsWith('x:target:');

export function signalFeatures(text: string, lexicon: LexiconSignals): string[] {
  const signals: string[] = [];
  const negative = lexicon.negative;
  if (negative >= 0.5) signals.push('x:neg≥0.5');
  if (negative >= 1.5) signals.push('x:neg≥1.5');
  if (negative >= 3) signals.push('x:neg≥3');
  if (negative >= 0.5) signals.push(`x:target:${negativityTarget(text, lexicon).replace(' ', '-')}`);
  if (lexicon.abuse.length > 0) signals.push('x:swearing');
  if (lexicon.emphasis >= 1.3) signals.push('x:shouting');
  if (impatientPunctuation.test(text)) signals.push('x:impatient-punctuation');
  return signals.flatMap((signal) => Array.from({ length: SIGNAL_REPEAT }, () => signal));
}

/** Words that carry no meaning on their own: "a, the" is no reason a supervisor can read (nor one to escalate on). */
const functionWords = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'to',
  'of',
  'in',
  'on',
  'at',
  'for',
  'with',
  'is',
  'it',
  'its',
  'i',
  'im',
  'my',
  'me',
  'this',
  'that',
  'be',
  'was',
  'are',
  'as',
  'by',
  'so',
  'if',
  'do',
  'has',
  'have',
  'had',
  'now',
  'been',
  'just',
  'will',
  'from',
]);

/** The Chinese for "now", "this", "my", "one": no more a reason than "the" is. */
const functionBigrams = new Set(['现在', '这个', '那个', '我的', '一个', '就是', '然后', '因为', '所以', '你们', '我们']);

/**
 * A feature as words a supervisor can read on the escalation card: `wb:never_called` →
 * "never called", `t:骗子我` → "骗子我". Character n-grams of English words and shape
 * features say nothing to a reader and are left out.
 */
export function readableFeature(feature: string): string | null {
  const [kind, value] = [feature.slice(0, feature.indexOf(':')), feature.slice(feature.indexOf(':') + 1)];
  if (value.includes('§')) return null;
  switch (kind) {
    case 'w':
      return functionWords.has(value) ? null : value;
    case 'wb':
      return value.replace('_', ' ');
    case 'b':
    case 't':
      return value.includes('^') || value.includes('$') || functionBigrams.has(value) ? null : value;
    case 'x':
      // Swearing and shouting are something a supervisor can check in the message; a negativity
      // level or target is shown as the negative words themselves (see the classifier).
      return value === 'swearing' || value === 'shouting' ? value : null;
    default:
      return null;
  }
}
