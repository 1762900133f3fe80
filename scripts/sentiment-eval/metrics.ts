import type { SentimentLabel } from '../../src/domain/types.js';

export const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];
export const labelOf = (gold: 0 | 1 | 2): SentimentLabel => LABELS[gold]!;

export interface Prediction {
  label: SentimentLabel;
  /** Sign decides the 2-way score: > 0 positive, otherwise negative (as the model card's metrics.py). */
  polarity: number;
}

export interface Scores {
  n: number;
  accuracy: number;
  macroF1: number;
  /** On gold-polar texts only: the sign of the polarity. */
  twoWay: number;
}

/**
 * The model card's metrics (shared/tools/tinybert/metrics.py): accuracy over three classes,
 * macro-F1 over the classes present in the gold labels (on binary sets a neutral prediction
 * is a miss), and 2-way accuracy on gold negative/positive texts.
 */
export function score(gold: readonly SentimentLabel[], predicted: readonly Prediction[]): Scores {
  const classes = LABELS.filter((label) => gold.includes(label));
  const f1s = classes.map((c) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const p = predicted[i]!.label;
      if (p === c && g === c) tp++;
      else if (p === c) fp++;
      else if (g === c) fn++;
    });
    return (2 * tp) / Math.max(1, 2 * tp + fp + fn);
  });
  let polar = 0;
  let polarRight = 0;
  gold.forEach((g, i) => {
    if (g === 'neutral') return;
    polar++;
    if ((predicted[i]!.polarity > 0 ? 'positive' : 'negative') === g) polarRight++;
  });
  return {
    n: gold.length,
    accuracy: gold.filter((g, i) => predicted[i]!.label === g).length / Math.max(1, gold.length),
    macroF1: f1s.reduce((a, b) => a + b, 0) / Math.max(1, f1s.length),
    twoWay: polarRight / Math.max(1, polar),
  };
}

export const fmt = (value: number) => value.toFixed(3);
export const formatScores = (s: Scores) => `${fmt(s.accuracy)} / ${fmt(s.macroF1)} / ${fmt(s.twoWay)}`;

/** Precision, recall and F1 from counts. */
export function prf(tp: number, fp: number, fn: number): { precision: number; recall: number; f1: number } {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
