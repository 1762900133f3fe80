import type { Language, SentimentScore } from '../../domain/types.js';

export interface SentimentInput {
  text: string;
  language: Language;
}

/** Any sentiment scorer: a lexicon, a local BERT model, or a blend. Batched by design. */
export interface SentimentAnalyser {
  readonly name: string;
  analyse(inputs: readonly SentimentInput[]): Promise<SentimentScore[]>;
}

export function labelFromPolarity(polarity: number, neutralBand = 0.15): SentimentScore['label'] {
  if (polarity <= -neutralBand) return 'negative';
  if (polarity >= neutralBand) return 'positive';
  return 'neutral';
}
