import type { SentimentScore } from '../../domain/types.js';

// The core declares what a sentiment analyser is (its port); the analysers here implement it.
export type { SentimentAnalyser, SentimentInput } from '../../core/ports/analysis.js';

export function labelFromPolarity(polarity: number, neutralBand = 0.15): SentimentScore['label'] {
  if (polarity <= -neutralBand) return 'negative';
  if (polarity >= neutralBand) return 'positive';
  return 'neutral';
}
