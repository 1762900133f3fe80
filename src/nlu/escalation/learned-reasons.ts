import type { LexiconSignals } from '../sentiment/lexicon/signals.js';
import { shippedReasonClassifier, type ReasonReading } from './needs-person/reasons.js';

/** Reads which reasons a message gives; the shipped reason model unless a test or a shop supplies another. */
export type ReasonReader = (text: string, lexicon?: LexiconSignals) => readonly ReasonReading[];

/** The shipped reason model's reading, or none at all when it has not been built. */
export const shippedReasonReader: ReasonReader = (text, lexicon) => shippedReasonClassifier()?.read(text, 4, lexicon) ?? [];

/** Reads nothing: the policy as it was before the reason model (for tests that pin the rules alone). */
export const noReasonReader: ReasonReader = () => [];

/**
 * A reason the model gives at least this probability names an escalation the needs-person
 * judgement made (instead of `anger`). Chosen on the v5 dev part with v5 left out of training
 * (0.25, 0.35, 0.45 tried: 0.25 named more grievances but took anger from more angry messages, 0.45
 * fewer), then checked on the v4 dev part with v4 left out.
 */
export const NAME_REASON = 0.35;

/**
 * The reasons a learned escalation is about, most probable first: every reason at or above
 * NAME_REASON. Empty when none is (the caller keeps calling it anger).
 */
export function namedReasons(readings: readonly ReasonReading[], threshold = NAME_REASON): ReasonReading[] {
  return readings.filter((reading) => reading.probability >= threshold);
}

/** The card's words for one reading: the model's probability and the words that weighed most. */
export const readingEvidence = (reading: ReasonReading) => `reason model ${reading.probability.toFixed(2)} (words that weighed most: ${reading.evidence.join(', ') || 'none'})`;
