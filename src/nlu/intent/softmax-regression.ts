/**
 * Multinomial logistic regression over sparse binary features: small, fast (one dot product
 * per label over a message's ~100 features), and its probabilities can be calibrated with a
 * single temperature, which naive Bayes' cannot. Trained with AdaGrad SGD and L2 decay;
 * deterministic for a given seed so a cached model can be rebuilt bit for bit.
 */

export interface TrainingOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per update on the weights an example touches. */
  l2: number;
  /** Features seen in fewer training examples than this are dropped (noise, and model size). */
  minFeatureCount: number;
  seed: number;
}

export const defaultTrainingOptions: TrainingOptions = { epochs: 12, learningRate: 0.5, l2: 1e-5, minFeatureCount: 2, seed: 7 };

export interface SoftmaxModelData {
  labels: string[];
  features: string[];
  /** Feature-major: the weights of feature f are `weights[f * labels.length ..][labels.length]`. */
  weights: Float32Array;
  bias: Float32Array;
  /** Divides the logits; fitted on held-back data so probabilities match observed accuracy. */
  temperature: number;
}

/** mulberry32: a tiny seeded generator, so training order is reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function softmax(logits: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const value of logits) max = Math.max(max, value / temperature);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i]! / temperature - max);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

export interface SparseVector {
  ids: number[];
  values: number[];
}

export class SoftmaxModel {
  private readonly index: Map<string, number>;

  constructor(readonly data: SoftmaxModelData) {
    this.index = new Map(data.features.map((feature, i) => [feature, i]));
  }

  get labels(): readonly string[] {
    return this.data.labels;
  }

  /**
   * The message as a sparse vector over known features, L2-normalised. A feature listed
   * twice counts twice (how the feature extractor gives concepts more say than one n-gram);
   * unknown features carry no weight and are skipped.
   */
  encode(features: readonly string[]): SparseVector {
    const counts = new Map<number, number>();
    for (const feature of features) {
      const id = this.index.get(feature);
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    let norm = 0;
    for (const count of counts.values()) norm += count * count;
    norm = Math.sqrt(norm) || 1;
    return { ids: [...counts.keys()], values: [...counts.values()].map((count) => count / norm) };
  }

  logits({ ids, values }: SparseVector): Float64Array {
    const { weights, bias, labels } = this.data;
    const k = labels.length;
    const out = Float64Array.from(bias);
    for (let i = 0; i < ids.length; i++) {
      const base = ids[i]! * k;
      const value = values[i]!;
      for (let c = 0; c < k; c++) out[c]! += weights[base + c]! * value;
    }
    return out;
  }

  probabilities(features: readonly string[], temperature = this.data.temperature): Float64Array {
    return softmax(this.logits(this.encode(features)), temperature);
  }
}

export interface TrainingExample {
  features: readonly string[];
  label: string;
  /** Relative importance, e.g. to balance classes; 1 when omitted. */
  weight?: number;
}

export function trainSoftmax(examples: readonly TrainingExample[], labels: readonly string[], options: TrainingOptions = defaultTrainingOptions): SoftmaxModel {
  const counts = new Map<string, number>();
  for (const example of examples) for (const feature of example.features) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const features = [...counts]
    .filter(([, count]) => count >= options.minFeatureCount)
    .map(([feature]) => feature)
    .sort();
  const k = labels.length;
  const labelIndex = new Map(labels.map((label, i) => [label, i]));
  const model = new SoftmaxModel({
    labels: [...labels],
    features,
    weights: new Float32Array(features.length * k),
    bias: new Float32Array(k),
    temperature: 1,
  });
  const encoded = examples.map((example) => {
    const y = labelIndex.get(example.label);
    if (y === undefined) throw new Error(`training label "${example.label}" is not among the model's labels`);
    return { vector: model.encode(example.features), y, weight: example.weight ?? 1 };
  });
  const { weights, bias } = model.data;
  const squared = new Float32Array(weights.length);
  const biasSquared = new Float32Array(k);
  const next = random(options.seed);
  const order = encoded.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const n of order) {
      const { vector, y, weight } = encoded[n]!;
      const p = softmax(model.logits(vector));
      for (let c = 0; c < k; c++) {
        const gradient = weight * (p[c]! - (c === y ? 1 : 0));
        biasSquared[c]! += gradient * gradient;
        bias[c]! -= (options.learningRate * gradient) / Math.sqrt(biasSquared[c]! + 1e-8);
        for (let i = 0; i < vector.ids.length; i++) {
          const w = vector.ids[i]! * k + c;
          const g = gradient * vector.values[i]! + options.l2 * weights[w]!;
          squared[w]! += g * g;
          weights[w]! -= (options.learningRate * g) / Math.sqrt(squared[w]! + 1e-8);
        }
      }
    }
  }
  return model;
}

/** Negative log-likelihood of the true labels at a temperature: what calibration minimises. */
function meanLogLoss(logits: readonly Float64Array[], ys: readonly number[], temperature: number): number {
  let loss = 0;
  logits.forEach((row, i) => (loss -= Math.log(Math.max(softmax(row, temperature)[ys[i]!]!, 1e-12))));
  return loss / Math.max(logits.length, 1);
}

/** The temperature that makes the model's probabilities honest on data it was not trained on. */
export function fitTemperature(model: SoftmaxModel, examples: readonly TrainingExample[]): number {
  const logits = examples.map((example) => model.logits(model.encode(example.features)));
  const ys = examples.map((example) => model.labels.indexOf(example.label));
  let best = { temperature: 1, loss: Infinity };
  for (let t = 0.3; t <= 4.001; t += 0.05) {
    const loss = meanLogLoss(logits, ys, t);
    if (loss < best.loss) best = { temperature: Number(t.toFixed(2)), loss };
  }
  return best.temperature;
}
