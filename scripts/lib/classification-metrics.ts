/** Accuracy, macro-F1 and calibration of one classifier on one labelled set. */
export interface Prediction {
  gold: string;
  predicted: string;
  confidence: number;
}

export interface Scores {
  n: number;
  accuracy: number;
  /** Mean F1 over the labels that occur in the gold labels of this set. */
  macroF1: number;
  perLabel: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  /** Expected calibration error over 10 equal-width confidence bins. */
  ece: number;
}

export function score(predictions: readonly Prediction[]): Scores {
  const labels = [...new Set(predictions.map((p) => p.gold))].sort();
  const perLabel: Scores['perLabel'] = {};
  for (const label of labels) {
    const tp = predictions.filter((p) => p.gold === label && p.predicted === label).length;
    const predicted = predictions.filter((p) => p.predicted === label).length;
    const support = predictions.filter((p) => p.gold === label).length;
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    perLabel[label] = { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support };
  }
  const correct = predictions.filter((p) => p.gold === p.predicted).length;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, confidence: 0, correct: 0 }));
  for (const p of predictions) {
    const bin = bins[Math.min(9, Math.floor(p.confidence * 10))]!;
    bin.n++;
    bin.confidence += p.confidence;
    bin.correct += p.gold === p.predicted ? 1 : 0;
  }
  const ece = bins.reduce((sum, bin) => sum + (bin.n ? Math.abs(bin.correct - bin.confidence) : 0), 0) / Math.max(predictions.length, 1);
  return {
    n: predictions.length,
    accuracy: predictions.length ? correct / predictions.length : 0,
    macroF1: labels.length ? labels.reduce((sum, label) => sum + perLabel[label]!.f1, 0) / labels.length : 0,
    perLabel,
    ece,
  };
}
