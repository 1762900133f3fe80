import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialiseModel } from '../../intent/model-file.js';
import { softmax, type SoftmaxModel } from '../../intent/softmax-regression.js';
import { needsPersonFeatures, readableFeature } from './features.js';

/** Built by `npm run build:escalation-model`; its MODEL_CARD.md says what it learnt from. */
export const needsPersonModelFile = join(import.meta.dirname, 'model', 'needs-person.json');

export interface NeedsPersonJudgement {
  /** Calibrated probability that a supervisor would hand this message to a person, 0..1. */
  probability: number;
  /** The words that pushed hardest towards a person, strongest first. */
  evidence: string[];
}

/**
 * A learned judgement of whether one message needs a person: a calibrated logistic
 * regression over character and word n-grams, trained on real customer-to-company text
 * (airline support tweets, Bitext complaints, Taobao chats, reviews) and hand-written
 * examples. It reads how a thing is said ("third time I'm asking", "你们就是骗子"), which a
 * phrase list only reaches one wording at a time; a few tens of microseconds per message.
 */
export class NeedsPersonClassifier {
  private readonly person: number;
  private readonly bot: number;

  constructor(private readonly model: SoftmaxModel) {
    this.person = model.labels.indexOf('person');
    this.bot = model.labels.indexOf('bot');
    if (this.person < 0 || this.bot < 0) throw new Error('the needs-person model must have the labels "person" and "bot"');
  }

  judge(text: string, evidenceWords = 4): NeedsPersonJudgement {
    const { model } = this;
    const vector = model.encode(needsPersonFeatures(text));
    const probability = softmax(model.logits(vector), model.data.temperature)[this.person]!;
    const k = model.labels.length;
    const { weights, features } = model.data;
    const pushes: Array<{ words: string; push: number }> = [];
    vector.ids.forEach((id, i) => {
      const push = (weights[id * k + this.person]! - weights[id * k + this.bot]!) * vector.values[i]!;
      const words = readableFeature(features[id]!);
      if (push > 0 && words) pushes.push({ words, push });
    });
    pushes.sort((a, b) => b.push - a.push);
    const evidence: string[] = [];
    for (const { words } of pushes) {
      // "骗子" and "骗子我" say the same thing to a reader: keep the first (stronger) one.
      if (evidence.some((kept) => kept.includes(words) || words.includes(kept))) continue;
      evidence.push(words);
      if (evidence.length >= evidenceWords) break;
    }
    return { probability, evidence };
  }
}

let shipped: NeedsPersonClassifier | null = null;

/** The shipped model, read once on first use (about a megabyte; parsing takes tens of ms). */
export function shippedNeedsPersonClassifier(): NeedsPersonClassifier {
  shipped ??= new NeedsPersonClassifier(deserialiseModel(JSON.parse(readFileSync(needsPersonModelFile, 'utf8'))).model);
  return shipped;
}
