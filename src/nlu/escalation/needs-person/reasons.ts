import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EscalationReason } from '../../../domain/types.js';
import { deserialiseModel } from '../../intent/model-file.js';
import { softmax, type SoftmaxModel } from '../../intent/softmax-regression.js';
import { lexiconSignals, type LexiconSignals } from '../../sentiment/lexicon/signals.js';
import { isNegativitySignal, needsPersonFeatures, readableFeature } from './features.js';

/** Built by `npm run build:escalation-model` beside the needs-person model; MODEL_CARD.md says what it learnt from. */
export const reasonModelFile = join(import.meta.dirname, 'model', 'reasons.json');

/** The reasons one message can show; a trend or a repeated question needs the conversation, not one message. */
export const messageReasons = [
  'human_requested',
  'anger',
  'fraud_accusation',
  'threat',
  'repeated_contact',
  'broken_promise',
  'no_response',
  'compensation_demand',
  'high_risk_topic',
] as const satisfies readonly EscalationReason[];
export type MessageReason = (typeof messageReasons)[number];

/** The label of a message that names no reason at all. */
export const NO_REASON = 'none';

export interface ReasonReading {
  reason: MessageReason;
  /** The model's probability of this reason, 0..1 (the labels share one softmax with "none"). */
  probability: number;
  /** The words that pushed hardest towards this reason rather than none, strongest first. */
  evidence: string[];
}

/**
 * Which reason a message gives a supervisor to take over: a softmax regression over the same
 * features as the needs-person judgement (n-grams and the lexicon's signals), with one label per
 * reason and "none", trained on the supervisor-labelled escalation sets (a message with two reasons
 * counts half for each). It names the reason the learned judgement's "needs a person" is about ("tomorrow
 * was last friday" is a broken promise, "crickets" no response), where phrase lists reach one wording at a time.
 */
export class ReasonClassifier {
  private readonly none: number;

  constructor(private readonly model: SoftmaxModel) {
    this.none = model.labels.indexOf(NO_REASON);
    if (this.none < 0) throw new Error(`the reason model must have the label "${NO_REASON}"`);
  }

  /** Every reason with its probability and evidence, most probable first; `none` is left out. */
  read(text: string, evidenceWords = 4, lexicon: LexiconSignals = lexiconSignals(text)): ReasonReading[] {
    const { model } = this;
    const vector = model.encode(needsPersonFeatures(text, lexicon));
    const probabilities = softmax(model.logits(vector), model.data.temperature);
    const negativeWords = lexicon.cues.filter((cue) => cue.weight < 0).map((cue) => cue.text);
    const k = model.labels.length;
    const { weights, features } = model.data;
    const out: ReasonReading[] = [];
    model.labels.forEach((label, c) => {
      if (c === this.none) return;
      const pushes: Array<{ words: string; push: number }> = [];
      vector.ids.forEach((id, i) => {
        const push = (weights[id * k + c]! - weights[id * k + this.none]!) * vector.values[i]!;
        if (push <= 0) return;
        const feature = features[id]!;
        if (isNegativitySignal(feature)) for (const words of negativeWords) pushes.push({ words, push: push / negativeWords.length });
        const words = readableFeature(feature);
        if (words) pushes.push({ words, push });
      });
      pushes.sort((a, b) => b.push - a.push);
      const evidence: string[] = [];
      for (const { words } of pushes) {
        if (evidence.some((kept) => kept.includes(words) || words.includes(kept))) continue;
        evidence.push(words);
        if (evidence.length >= evidenceWords) break;
      }
      out.push({ reason: label as MessageReason, probability: probabilities[c]!, evidence });
    });
    return out.sort((a, b) => b.probability - a.probability);
  }
}

let shipped: ReasonClassifier | null | undefined;

/** The shipped reason model, read once on first use; null when it has not been built. */
export function shippedReasonClassifier(): ReasonClassifier | null {
  if (shipped === undefined) {
    shipped = existsSync(reasonModelFile) ? new ReasonClassifier(deserialiseModel(JSON.parse(readFileSync(reasonModelFile, 'utf8'))).model) : null;
  }
  return shipped;
}
