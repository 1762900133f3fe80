import type { IntentResult } from '../../domain/types.js';
import type { IntentClassifier, IntentInput } from './classifier.js';
import { extractEntities } from './entities.js';
import { featuresOf, normalise } from './features.js';
import type { IntentLabel } from './labels.js';
import { preciseRuleFor } from './precise-rules.js';
import type { SoftmaxModel } from './softmax-regression.js';

export interface NgramClassifierOptions {
  /**
   * Below this calibrated probability the top label is not trusted and the turn is `other`:
   * a wrong label steers retrieval and analytics, `other` only loses the hint.
   */
  minConfidence: number;
  /** Let the precise keyword rules overrule the model. */
  rules?: boolean;
}

export interface Ranked {
  label: IntentLabel;
  probability: number;
}

/**
 * The offline classifier: a calibrated linear model over character n-grams, words and
 * domain concepts, trained from the shipped example utterances, plus a few keyword rules
 * that are right every time. Runs in tens of microseconds; needs no network and no weights
 * beyond the shipped model file.
 */
export class NgramIntentClassifier implements IntentClassifier {
  readonly name = 'ngram-logreg-v1';
  private readonly rules: boolean;

  constructor(
    private readonly model: SoftmaxModel,
    private readonly options: NgramClassifierOptions,
  ) {
    this.rules = options.rules ?? true;
  }

  /** Every label with its calibrated probability, best first. */
  rank(text: string): Ranked[] {
    const probabilities = this.model.probabilities(featuresOf(text));
    return this.model.labels.map((label, i) => ({ label: label as IntentLabel, probability: probabilities[i]! })).sort((a, b) => b.probability - a.probability);
  }

  classifyText(text: string): IntentResult {
    const entities = extractEntities(text);
    const ranked = this.rank(text);
    const top = ranked[0]!;
    const ruled = this.rules ? preciseRuleFor(normalise(text)) : null;
    if (ruled) {
      const probability = ranked.find((entry) => entry.label === ruled)?.probability ?? 0;
      // A precise rule is right nearly always; its confidence is at least that of the rule.
      return { label: ruled, confidence: round(Math.max(probability, 0.9)), entities, source: `${this.name}+rule` };
    }
    if (top.probability < this.options.minConfidence) {
      // Confidence of `other` here: how likely the best guess is wrong.
      const other = ranked.find((entry) => entry.label === 'other')?.probability ?? 0;
      return { label: 'other', confidence: round(Math.max(1 - top.probability, other)), entities, source: this.name };
    }
    return { label: top.label, confidence: round(top.probability), entities, source: this.name };
  }

  async classify({ text }: IntentInput): Promise<IntentResult> {
    return this.classifyText(text);
  }
}

const round = (value: number) => Number(value.toFixed(4));
