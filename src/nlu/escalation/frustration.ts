import type { LexiconSignals } from '../sentiment/lexicon/signals.js';

/** One customer turn as the frustration rules see it. */
export interface Feeling {
  /** Blended (or lexicon-only) polarity, -1..1. */
  polarity: number;
  lexicon: LexiconSignals;
}

/** The blended polarity at or below minus this is negative at all. */
const NEGATIVE = 0.2;
/** Swearing or insults add this much anger on top of what the polarity says. */
const ABUSE_BONUS = 0.2;
/** Summed negative cue weight that counts as the lexicon agreeing a message is angry. */
const LEXICON_AGREES = 1.5;
/** …and that a turn of a trend has a complaint in it at all. */
const LEXICON_COMPLAINS = 0.5;
/** The turn before the last of a trend must be at least this frustrated… */
const TREND_FLOOR = 0.1;
/** …and the last one at least this. */
const TREND_PEAK = 0.5;
/** A step down of less than this still counts as "not calmer" (scores are noisy). */
const TREND_TOLERANCE = 0.1;
/** Every turn at or above this, for one turn more than a trend needs: negative and staying so. */
const SUSTAINED_LEVEL = 0.35;

const negativity = (polarity: number) => Math.max(0, -polarity);

/**
 * How frustrated one turn reads, 0..1: the mean of the blend's and the lexicon's negativity.
 * A review-trained model gives a mild complaint and a furious one nearly the same score; the
 * lexicon's summed cue weights are what tell "a bit late" from "useless, I'm furious".
 */
export function frustrationOf(feeling: Feeling): number {
  return (negativity(feeling.polarity) + negativity(feeling.lexicon.polarity)) / 2;
}

/**
 * Anger, 0..1: how strongly the words, swearing and emphasis say it (the lexicon's negativity,
 * plus a fixed amount for swearing or insults), counted only when the overall sentiment (model
 * and lexicon) is negative too. Intensity comes from the lexicon because a review-trained model
 * gives "a bit late" and "useless, I'm furious" nearly the same score; the model can veto, not push.
 */
export function angerOf(feeling: Feeling): number {
  if (feeling.polarity > -NEGATIVE) return 0;
  const lexicon = negativity(feeling.lexicon.polarity);
  return Math.min(1, lexicon + (feeling.lexicon.abuse.length > 0 ? ABUSE_BONUS : 0));
}

/** The lexicon (words, swearing) agrees the message is negative: no model score stands alone. */
export function lexiconAgrees(lexicon: LexiconSignals): boolean {
  return lexicon.negative >= LEXICON_AGREES || lexicon.abuse.length > 0;
}

const complains = (feeling: Feeling) => feeling.lexicon.negative >= LEXICON_COMPLAINS || feeling.lexicon.abuse.length > 0;

export interface TrendSettings {
  turns: number;
  minRise: number;
}

export interface Trend {
  kind: 'rising' | 'sustained';
  values: number[];
}

/**
 * A worsening mood over the last `turns` customer turns (oldest first, the current one last):
 * no turn clearly calmer than the one before, the last two negative, the last one clearly so,
 * and the last at least `minRise` more frustrated than the first. Or, one turn longer,
 * negative throughout at a level that no longer needs to rise. Two or more of the turns must
 * carry complaint words and the last must read angry to the lexicon too, so a model that
 * reads every question as a complaint cannot make a trend on its own.
 */
export function frustrationTrend(feelings: readonly Feeling[], settings: TrendSettings): Trend | null {
  const turns = Math.max(2, settings.turns);
  if (feelings.length < turns) return null;
  const recent = feelings.slice(-turns);
  const evidenced = recent.filter(complains).length >= 2 && lexiconAgrees(recent[recent.length - 1]!.lexicon);
  if (!evidenced) return null;

  const values = recent.map(frustrationOf);
  const last = values[values.length - 1]!;
  const neverCalmer = values.every((v, i) => i === 0 || v >= values[i - 1]! - TREND_TOLERANCE);
  if (neverCalmer && last >= TREND_PEAK && values[values.length - 2]! >= TREND_FLOOR && last - values[0]! >= settings.minRise) {
    return { kind: 'rising', values };
  }
  const longer = feelings.slice(-(turns + 1));
  const longerValues = longer.map(frustrationOf);
  if (longer.length === turns + 1 && longerValues.every((v) => v >= SUSTAINED_LEVEL)) {
    return { kind: 'sustained', values: longerValues };
  }
  return null;
}
