import { kindsSupportedBy, type CommitmentKind } from './commitment-terms.js';
import { extractQuantities, numbersIn, type Quantity } from './quantities.js';
import { splitSentences } from './sentences.js';
import { contentTokens } from './tokens.js';

/**
 * One statement of a passage: a sentence with its asides taken out, or an aside on its own
 * ("30 天内可无理由退货（长于法律规定的七日…）" is two statements with two numbers).
 */
export interface FactUnit {
  text: string;
  quantities: Quantity[];
  /** What the statement is about: its words without its quantities. */
  tokens: Set<string>;
}

export interface PassageFacts {
  id: string;
  kinds: Set<CommitmentKind>;
  quantities: Quantity[];
  numbers: Set<number>;
  units: FactUnit[];
  /** Words only the passage's exclusions speak of ("does not apply to flash sales…"). */
  excluded: Set<string>;
}

const exclusionCue =
  /\b(?:does not apply to|do not apply to|doesn't apply to|not covered|does not cover|doesn't cover|cannot accept returns of|we cannot accept|not eligible|excluded|except(?: for)?|excluding)\b|不适用于?|不支持|不在[^。；]{0,8}范围内?|不包括|除外|不予|不接受/i;

/** What comes after an exclusion cue, minus what the passage also says positively elsewhere. */
function exclusionsOf(text: string): Set<string> {
  const excludedTokens = new Set<string>();
  const elsewhere = new Set<string>();
  for (const sentence of splitSentences(text)) {
    const cue = exclusionCue.exec(sentence.text);
    if (!cue) {
      for (const token of contentTokens(sentence.text)) elsewhere.add(token);
      continue;
    }
    for (const token of contentTokens(sentence.text.slice(0, cue.index))) elsewhere.add(token);
    for (const token of contentTokens(sentence.text.slice(cue.index + cue[0].length))) excludedTokens.add(token);
  }
  return new Set([...excludedTokens].filter((token) => !elsewhere.has(token)));
}

/** The words of a text without its quantities: what it is about, not what it claims. */
export function topicTokens(text: string, quantities: readonly Quantity[]): Set<string> {
  let topic = text;
  for (const q of [...quantities].sort((a, b) => b.start - a.start)) topic = `${topic.slice(0, q.start)} ${topic.slice(q.end)}`;
  return contentTokens(topic);
}

/**
 * A sentence's numbers without those of its asides, but all of its words: "card refunds
 * (Visa, Mastercard…) … 5 to 10 business days" is about Visa too.
 */
export function unitsOf(text: string): FactUnit[] {
  return splitSentences(text).flatMap((sentence) => {
    const asides = [...sentence.text.matchAll(/[（(]([^（）()]+)[）)]/g)].map((m) => m[1]!.trim()).filter(Boolean);
    const main = sentence.text.replace(/\s*[（(][^（）()]+[）)]/g, '');
    const mainQuantities = extractQuantities(main);
    const units: FactUnit[] = [{ text: main, quantities: mainQuantities, tokens: topicTokens(sentence.text, extractQuantities(sentence.text)) }];
    for (const aside of asides) {
      const quantities = extractQuantities(aside);
      units.push({ text: aside, quantities, tokens: topicTokens(aside, quantities) });
    }
    return units;
  });
}

export function factsOf(passage: { id: string; text: string }): PassageFacts {
  const quantities = extractQuantities(passage.text, { bareNumbers: true });
  return {
    id: passage.id,
    kinds: kindsSupportedBy(passage.text),
    quantities,
    numbers: numbersIn(quantities),
    units: unitsOf(passage.text),
    excluded: exclusionsOf(passage.text),
  };
}
