import type { SentimentLabel, SentimentScore } from '../../domain/types.js';
import { round } from './lexicon-analyser.js';
import type { LexiconSignals } from './lexicon/signals.js';
import type { ClassProbabilities } from './model/label-mapping.js';

export interface BlendWeights {
  /** Weight of the lexicon's polarity against the model's (1), at full lexicon evidence. */
  lexiconWeight: number;
  /** Summed cue weight at which the lexicon's evidence counts in full. */
  lexiconSaturation: number;
  /**
   * Multiplies the model's polarity for questions and requests in which the lexicon finds
   * no complaint: review-trained models read "Where is my order?" as negative.
   */
  questionDiscount: number;
  /** Multiplies the model's polarity when the lexicon finds no cue at all ("订单号是2024…"). */
  noCueDiscount: number;
  /** |polarity| below this is neutral. */
  neutralBand: number;
}

/**
 * Chosen by `npm run tune:sentiment` for the bundled model (grid search on dev sets only: the
 * tiny model's zh-dev split and the turns of tests/fixtures/escalation/conversations-dev.jsonl),
 * never on the test sets. The grid is flat near the top; another model may want a re-run.
 */
export const defaultBlendWeights: BlendWeights = {
  lexiconWeight: 1,
  lexiconSaturation: 3,
  questionDiscount: 0.15,
  noCueDiscount: 0.5,
  neutralBand: 0.2,
};

export interface BlendResult {
  label: SentimentLabel;
  score: number;
  polarity: number;
  /** The parts, for explanations: the model's polarity (after any discount) and the lexicon's. */
  modelPolarity: number;
  lexiconPolarity: number;
  /** The model's polarity was discounted (a plain question, or no lexicon cue at all). */
  discounted: boolean;
}

/** The lexicon saw nothing to complain about in a question, a request or an acknowledgement. */
export function isPlainQuestion(signals: LexiconSignals): boolean {
  return (signals.question || signals.request || signals.acknowledgement) && signals.negative < 0.5 && signals.abuse.length === 0;
}

/**
 * Model and lexicon in polarity space: the model's p(positive) − p(negative), discounted on
 * plain questions, averaged with the lexicon's polarity in proportion to how much evidence the
 * lexicon found. With no cue the model decides alone; with strong cues the lexicon weighs
 * up to `lexiconWeight` times as much.
 */
export function blendScores(probs: ClassProbabilities, signals: LexiconSignals, weights: BlendWeights = defaultBlendWeights): BlendResult {
  const discounted = isPlainQuestion(signals);
  const silent = signals.cues.length === 0;
  const discount = discounted ? weights.questionDiscount : silent ? weights.noCueDiscount : 1;
  const modelPolarity = (probs[2] - probs[0]) * discount;
  const evidence = Math.min(1, (signals.negative + signals.positive) / weights.lexiconSaturation);
  const lexiconShare = weights.lexiconWeight * evidence;
  const polarity = (modelPolarity + lexiconShare * signals.polarity) / (1 + lexiconShare);
  const label: SentimentLabel = polarity <= -weights.neutralBand ? 'negative' : polarity >= weights.neutralBand ? 'positive' : 'neutral';
  const score = label === 'neutral' ? 1 - Math.abs(polarity) : 0.5 + Math.abs(polarity) / 2;
  return { label, score, polarity, modelPolarity, lexiconPolarity: signals.polarity, discounted: discount !== 1 };
}

export function blendedSentiment(probs: ClassProbabilities, signals: LexiconSignals, model: string, weights?: BlendWeights): SentimentScore {
  const result = blendScores(probs, signals, weights);
  return { label: result.label, score: round(result.score), polarity: round(result.polarity), model };
}
