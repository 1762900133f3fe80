/**
 * Trains the reason model (src/nlu/escalation/needs-person/model/reasons.json): one softmax
 * over the reasons a single message can give a supervisor and `none`, on the needs-person
 * features, from the supervisor-labelled escalation sets (and the hand-written `bot` examples
 * as more `none`). Returns the serialised model and its section of the model card.
 */
import { createHash } from 'node:crypto';
import { fitTemperature, softmax, trainSoftmax, type TrainingExample, type TrainingOptions } from '../../src/nlu/intent/softmax-regression.js';
import { serialiseModel } from '../../src/nlu/intent/model-file.js';
import { needsPersonFeatures } from '../../src/nlu/escalation/needs-person/features.js';
import { messageReasons, NO_REASON } from '../../src/nlu/escalation/needs-person/reasons.js';
import type { CorpusExample } from './corpora.js';
import type { ReasonExample } from './labelled-sets.js';

const labels = [...messageReasons, NO_REASON];
/** As the needs-person model, two more passes over the few examples per reason (70–140). */
const options: TrainingOptions = { epochs: 12, learningRate: 0.3, l2: 2e-5, minFeatureCount: 3, seed: 13 };
/** The hand-written calm messages count less than the labelled sets' own negatives. */
const HAND_WRITTEN_NONE = 0.5;

export function trainReasonModel(labelled: readonly ReasonExample[], calm: readonly CorpusExample[]): { json: string; card: string } {
  const examples: ReasonExample[] = [...labelled, ...calm.map((e) => ({ text: e.text, label: NO_REASON, lang: e.lang, weight: HAND_WRITTEN_NONE }))];
  // Each label weighs about the same in total, `none` (ten times as frequent) somewhat more: the
  // square root of the ratio to the mean reason, at most 3×, at least a third.
  const totals = new Map<string, number>();
  for (const e of examples) totals.set(e.label, (totals.get(e.label) ?? 0) + e.weight);
  const mean = messageReasons.reduce((sum, reason) => sum + (totals.get(reason) ?? 0), 0) / messageReasons.length;
  const balance = (label: string) => Math.min(3, Math.max(1 / 3, Math.sqrt(mean / (totals.get(label) ?? mean))));
  const toTraining = (e: ReasonExample): TrainingExample => ({ features: needsPersonFeatures(e.text), label: e.label, weight: e.weight * balance(e.label) });

  const fraction = (text: string) => Number.parseInt(createHash('sha256').update(`reasons\u0000${text}`).digest('hex').slice(0, 8), 16) / 2 ** 32;
  const heldOut = (e: ReasonExample) => fraction(e.text) < 0.15;
  const probe = trainSoftmax(examples.filter((e) => !heldOut(e)).map(toTraining), labels, options);
  const validation = examples.filter(heldOut);
  const temperature = fitTemperature(probe, validation.map(toTraining));

  // Per reason on the held-back part: is the reason among those at or above 0.5 (one softmax, so at most one)?
  const rows = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const e of validation) {
      const p = softmax(probe.logits(probe.encode(needsPersonFeatures(e.text))), temperature);
      const top = labels[p.indexOf(Math.max(...p))]!;
      if (top === label && e.label === label) tp++;
      else if (top === label) fp++;
      else if (e.label === label) fn++;
    }
    const f = (x: number) => x.toFixed(3);
    return `| ${label} | ${(totals.get(label) ?? 0).toFixed(0)} | ${tp + fn} | ${tp + fp ? f(tp / (tp + fp)) : '-'} | ${tp + fn ? f(tp / (tp + fn)) : '-'} |`;
  });

  const model = trainSoftmax(examples.map(toTraining), labels, options);
  model.data.temperature = temperature;
  const key = createHash('sha256')
    .update(JSON.stringify(options))
    .update(examples.map((e) => `${e.label}\t${e.weight}\t${e.text}`).join('\n'))
    .digest('hex');
  const json = JSON.stringify(serialiseModel(model, key, examples.length));
  const card = `## The reason model (\`reasons.json\`)

Which reason one message gives a supervisor to take over: one softmax over ${messageReasons.map((r) => `\`${r}\``).join(', ')} and
\`none\`, on the same features as the needs-person model, ${model.data.features.length} features, ${(json.length / 1024).toFixed(0)} KiB, temperature ${temperature}.
Trained on the labelled escalation sets above (an escalating message once per reason, the weights of its reasons
summing to one; every message that does not escalate, hard negatives included, as \`none\`) and the hand-written
\`bot\` examples as \`none\` (weight ${HAND_WRITTEN_NONE}). Each label is weighted towards the mean reason's total (square root, ⅓–3×).
The escalation policy uses it to name the reason of an escalation the needs-person judgement makes
(instead of calling every one \`anger\`), and with the judgement's agreement to escalate a grievance no phrase matched;
see \`src/nlu/escalation/learned-reasons.ts\`.

Held-back 15% (a hash of the text; not trained on when measured; the most probable label):

| label | weight in training | held back | precision | recall |
|---|---|---|---|---|
${rows.join('\n')}
`;
  return { json, card };
}
