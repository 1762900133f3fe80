import type { SentimentScore } from '../../domain/types.js';
import { labelFromPolarity, type SentimentAnalyser, type SentimentInput } from './analyser.js';
import { lexiconSignals, type LexiconSignals } from './lexicon/signals.js';

export const LEXICON_MODEL = 'lexicon-v2';

/** Confidence for a label read off a polarity: how far past the neutral band it lies. */
export function scoreFromPolarity(polarity: number): Pick<SentimentScore, 'label' | 'score' | 'polarity'> {
  const label = labelFromPolarity(polarity);
  const score = label === 'neutral' ? 1 - Math.abs(polarity) : 0.5 + Math.abs(polarity) / 2;
  return { label, score: round(score), polarity: round(polarity) };
}

export const round = (value: number) => Math.round(value * 1000) / 1000;

export function lexiconScore(signals: LexiconSignals): SentimentScore {
  return { ...scoreFromPolarity(signals.polarity), model: LEXICON_MODEL };
}

/** Word lists and rules for both languages; needs no model and never fails. */
export class LexiconSentimentAnalyser implements SentimentAnalyser {
  readonly name = LEXICON_MODEL;

  async analyse(inputs: readonly SentimentInput[]): Promise<SentimentScore[]> {
    return inputs.map(({ text }) => lexiconScore(lexiconSignals(text)));
  }
}
