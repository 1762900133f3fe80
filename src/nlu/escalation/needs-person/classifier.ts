import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialiseModel } from '../../intent/model-file.js';
import { softmax, type SoftmaxModel } from '../../intent/softmax-regression.js';
import { lexiconSignals, type LexiconSignals } from '../../sentiment/lexicon/signals.js';
import { isNegativitySignal, needsPersonFeatures, readableFeature } from './features.js';

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
 * regression over character and word n-grams and what the lexicon reads (how negative, at
 * whom, swearing, shouting), trained on licence-clean customer-service text (Bitext, the
 * intent examples, the reported escalation sets) and hand-written examples. It reads how a thing is said ("third time I'm asking", "你们就是骗子"), which a
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

  /** `lexicon`: the lexicon's reading of this very text, when the caller has it already. */
  judge(text: string, evidenceWords = 4, lexicon: LexiconSignals = lexiconSignals(text)): NeedsPersonJudgement {
    const { model } = this;
    const vector = model.encode(needsPersonFeatures(text, lexicon));
    const negativeWords = lexicon.cues.filter((cue) => cue.weight < 0).map((cue) => cue.text);
    const probability = softmax(model.logits(vector), model.data.temperature)[this.person]!;
    const k = model.labels.length;
    const { weights, features } = model.data;
    const pushes: Array<{ words: string; push: number }> = [];
    vector.ids.forEach((id, i) => {
      const push = (weights[id * k + this.person]! - weights[id * k + this.bot]!) * vector.values[i]!;
      const feature = features[id]!;
      // How negative the message is and at whom says nothing on a card; the negative words do.
      if (push > 0 && isNegativitySignal(feature)) for (const words of negativeWords) pushes.push({ words, push: push / negativeWords.length });
      const words = readableFeature(feature);
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
