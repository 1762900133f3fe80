import type { SentimentLabel } from '../../../domain/types.js';

/** Probabilities of negative, neutral and positive, summing to 1. */
export type ClassProbabilities = readonly [negative: number, neutral: number, positive: number];

export class UnsupportedLabelsError extends Error {
  override readonly name = 'UnsupportedLabelsError';
}

const SLOT: Record<SentimentLabel, 0 | 1 | 2> = { negative: 0, neutral: 1, positive: 2 };

function starSlot(stars: number): SentimentLabel {
  return stars <= 2 ? 'negative' : stars === 3 ? 'neutral' : 'positive';
}

/** Generic ids by label count: 2 = negative/positive, 3 = negative/neutral/positive, 5 = stars. */
function slotOfIndex(index: number, count: number): SentimentLabel | undefined {
  if (count === 2) return index === 0 ? 'negative' : 'positive';
  if (count === 3) return (['negative', 'neutral', 'positive'] as const)[index];
  if (count === 5) return starSlot(index + 1);
  return undefined;
}

/**
 * Maps one model's label set onto negative / neutral / positive: named labels ("NEGATIVE",
 * "neutral", "pos"), star ratings ("1 star" … "5 stars") and generic ids ("LABEL_0") by how
 * many there are. A label set it cannot read is refused at load time, not guessed at.
 */
export function labelMapper(id2label: Record<string, string>): (label: string) => SentimentLabel {
  const labels = Object.values(id2label);
  const count = labels.length;
  const mapOne = (label: string): SentimentLabel | undefined => {
    const lowered = label.trim().toLowerCase();
    if (/negative|^neg\b/.test(lowered)) return 'negative';
    if (/neutral|^neu\b|^mixed$/.test(lowered)) return 'neutral';
    if (/positive|^pos\b/.test(lowered)) return 'positive';
    const stars = /^([1-5])\s*stars?$/.exec(lowered);
    if (stars) return starSlot(Number(stars[1]));
    const generic = /^label_(\d+)$/.exec(lowered);
    if (generic) return slotOfIndex(Number(generic[1]), count);
    return undefined;
  };
  const table = new Map<string, SentimentLabel>();
  for (const label of labels) {
    const slot = mapOne(label);
    if (!slot) throw new UnsupportedLabelsError(`cannot map the model's label "${label}" (labels: ${labels.join(', ')}) onto negative/neutral/positive`);
    table.set(label, slot);
  }
  return (label) => {
    const slot = table.get(label) ?? mapOne(label);
    if (!slot) throw new UnsupportedLabelsError(`unexpected label "${label}"`);
    return slot;
  };
}

/** Sums the model's per-label scores into the three classes (e.g. 1 and 2 stars are both negative). */
export function toClassProbabilities(scores: ReadonlyArray<{ label: string; score: number }>, map: (label: string) => SentimentLabel): ClassProbabilities {
  const probs: [number, number, number] = [0, 0, 0];
  for (const { label, score } of scores) probs[SLOT[map(label)]] += score;
  const total = probs[0] + probs[1] + probs[2];
  return total > 0 ? [probs[0] / total, probs[1] / total, probs[2] / total] : [0, 1, 0];
}
