import { lexiconSignals, type LexiconSignals } from '../../src/nlu/sentiment/lexicon/signals.js';
import type { ClassProbabilities } from '../../src/nlu/sentiment/model/label-mapping.js';
import type { TextClassifier } from '../../src/nlu/sentiment/model/text-classifier.js';
import { blendScores, type BlendWeights } from '../../src/nlu/sentiment/blend.js';
import { labelFromPolarity } from '../../src/nlu/sentiment/analyser.js';
import { LABELS, type Prediction } from './metrics.js';

/** Model probabilities for many texts: sorted by length and batched, as the service batches. */
export async function modelProbabilities(classifier: TextClassifier, texts: readonly string[], batch = 32): Promise<ClassProbabilities[]> {
  const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
  const out = new Array<ClassProbabilities>(texts.length);
  for (let start = 0; start < order.length; start += batch) {
    const slice = order.slice(start, start + batch);
    const probs = await classifier.predict(slice.map((i) => texts[i]!));
    slice.forEach((index, k) => (out[index] = probs[k]!));
  }
  return out;
}

export const lexiconOf = (texts: readonly string[]): LexiconSignals[] => texts.map((text) => lexiconSignals(text));

export function modelPrediction(probs: ClassProbabilities): Prediction {
  const best = probs.indexOf(Math.max(...probs));
  return { label: LABELS[best]!, polarity: probs[2] - probs[0] };
}

export function lexiconPrediction(signals: LexiconSignals, band?: number): Prediction {
  return { label: labelFromPolarity(signals.polarity, band), polarity: signals.polarity };
}

export function blendPrediction(probs: ClassProbabilities, signals: LexiconSignals, weights?: BlendWeights): Prediction {
  const result = blendScores(probs, signals, weights);
  return { label: result.label, polarity: result.polarity };
}
