import type { SentimentScore } from '../../core/types.js';
import { labelFromPolarity, type SentimentAnalyser, type SentimentInput } from './analyser.js';
import {
  chineseIntensifiers,
  chineseNegators,
  chineseWeights,
  emojiWeights,
  englishIntensifiers,
  englishNegators,
  englishPhrases,
  englishWeights,
  profanity,
} from './lexicon-words.js';

export const LEXICON_MODEL = 'lexicon-v1';

// VADER's normalisation: maps an unbounded sum of weights into -1..1 smoothly.
const normalise = (sum: number) => sum / Math.sqrt(sum * sum + 15);

const chineseKeys = Object.keys(chineseWeights).sort((a, b) => b.length - a.length);
const chineseIntensifierKeys = Object.keys(chineseIntensifiers).sort((a, b) => b.length - a.length);

function scoreEnglish(text: string): number {
  let lowered = ` ${text.toLowerCase()} `;
  let sum = 0;
  for (const [phrase, weight] of Object.entries(englishPhrases)) {
    const pattern = new RegExp(`\\b${phrase.replace(/ /g, '\\s+')}\\b`, 'g');
    const hits = lowered.match(pattern)?.length ?? 0;
    if (hits > 0) {
      sum += weight * hits;
      lowered = lowered.replace(pattern, ' ');
    }
  }
  const words = lowered.match(/[a-z']+/g) ?? [];
  words.forEach((word, i) => {
    const weight = englishWeights[word];
    if (weight === undefined) return;
    let value = weight;
    const before = words.slice(Math.max(0, i - 3), i);
    const intensifier = before.length > 0 ? englishIntensifiers[before[before.length - 1]!] : undefined;
    if (intensifier) value *= intensifier;
    // "not good" is mildly negative, "not bad" mildly positive: negation flips and dampens.
    if (before.some((w) => englishNegators.has(w))) value *= -0.6;
    sum += value;
  });
  return sum;
}

function scoreChinese(text: string): number {
  let sum = 0;
  let i = 0;
  while (i < text.length) {
    const key = chineseKeys.find((candidate) => text.startsWith(candidate, i));
    if (!key) {
      i++;
      continue;
    }
    let value = chineseWeights[key]!;
    const before = text.slice(Math.max(0, i - 3), i);
    const intensifier = chineseIntensifierKeys.find((candidate) => before.endsWith(candidate));
    if (intensifier) value *= chineseIntensifiers[intensifier]!;
    if (!chineseNegators.some((n) => key.startsWith(n)) && chineseNegators.some((n) => before.includes(n))) value *= -0.6;
    sum += value;
    i += key.length;
  }
  return sum;
}

function emphasis(text: string): number {
  const exclamations = Math.min((text.match(/[!！]/g) ?? []).length, 4);
  const shouted = (text.match(/\b[A-Z]{3,}\b/g) ?? []).filter((w) => !/^(?:SKU|USB|SSD|HDMI|ID|USA|UPS|DHL)$/.test(w));
  const letters = (text.match(/[A-Za-z]{3,}/g) ?? []).length;
  const shouting = shouted.length >= 2 || (letters > 0 && shouted.length / letters >= 0.5 && shouted.length > 0);
  return 1 + exclamations * 0.12 + (shouting ? 0.3 : 0);
}

/** Scores one text; exported for the blend with a model and for the escalation policy. */
export function lexiconPolarity(text: string): { polarity: number; profane: boolean } {
  let sum = scoreEnglish(text) + scoreChinese(text);
  for (const [emoji, weight] of Object.entries(emojiWeights)) {
    sum += weight * (text.split(emoji).length - 1);
  }
  const profane = profanity.some((pattern) => pattern.test(text));
  if (profane) sum -= 2.5;
  // Emphasis amplifies whatever feeling is already there; it has no sign of its own.
  sum *= emphasis(text);
  return { polarity: normalise(sum), profane };
}

export class LexiconSentimentAnalyser implements SentimentAnalyser {
  readonly name = LEXICON_MODEL;

  async analyse(inputs: readonly SentimentInput[]): Promise<SentimentScore[]> {
    return inputs.map(({ text }) => {
      const { polarity } = lexiconPolarity(text);
      const label = labelFromPolarity(polarity);
      const score = label === 'neutral' ? 1 - Math.abs(polarity) : 0.5 + Math.abs(polarity) / 2;
      return { label, score: Number(score.toFixed(3)), polarity: Number(polarity.toFixed(3)), model: LEXICON_MODEL };
    });
  }
}
