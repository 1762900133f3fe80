/**
 * Grid search for the model + lexicon blend (src/nlu/sentiment/blend.ts) on dev data only:
 * the tiny model's zh-dev split (rebuilt from ../shared) and the per-turn polarity labels of
 * our escalation dev conversations. The customer-message dev set is shown but not optimised
 * for: the lexicon's word lists were written against it, so it flatters the lexicon.
 * Prints the best weights; copying them into `defaultBlendWeights` is a deliberate step.
 *   npm run tune:sentiment
 */
import { existsSync } from 'node:fs';
import { loadConfig, readEnvironment } from '../src/config/load-config.js';
import { createLogger } from '../src/logger.js';
import type { SentimentLabel } from '../src/domain/types.js';
import type { BlendWeights } from '../src/nlu/sentiment/blend.js';
import { loadSentimentModel } from '../src/nlu/sentiment/model/load-model.js';
import { readMessageDev, sharedDir } from './sentiment-eval/dev-sets.js';
import { escalationDevPath, readConversations } from './sentiment-eval/escalation-set.js';
import { loadEvaluationSplits, missingFiles } from './sentiment-eval/heldout-splits.js';
import { fmt, labelOf, score } from './sentiment-eval/metrics.js';
import { blendPrediction, lexiconOf, lexiconPrediction, modelPrediction, modelProbabilities } from './sentiment-eval/predictions.js';

const config = loadConfig(readEnvironment());
const logger = createLogger({ level: 'warn', destination: 2 });
const { loaded } = await loadSentimentModel(config, logger);
if (!loaded) throw new Error('no sentiment model could be loaded: nothing to tune');
console.log(`model: ${loaded.candidate.name} (${loaded.classifier.dtype})`);

interface DevSet {
  name: string;
  texts: string[];
  gold: SentimentLabel[];
  /** Counted in the objective. */
  tuned: boolean;
}
const devSets: DevSet[] = [];
const messages = readMessageDev();
devSets.push({ name: 'customer-messages-dev (lexicon written on it)', texts: messages.map((m) => m.text), gold: messages.map((m) => m.label), tuned: false });
const turns = readConversations(escalationDevPath).flatMap((c) => c.turns);
devSets.push({ name: 'escalation-dev turns', texts: turns.map((t) => t.text), gold: turns.map((t) => t.polarity), tuned: true });
const data = `${sharedDir()}/data`;
if (existsSync(data) && missingFiles(data).length === 0) {
  const zhDev = loadEvaluationSplits(data).zhDev;
  devSets.push({ name: 'zh_dev', texts: zhDev.map((r) => r.text), gold: zhDev.map((r) => labelOf(r.label)), tuned: true });
} else {
  console.log(`${data} not found: tuning on the customer-message dev set alone`);
}

const prepared = await Promise.all(devSets.map(async (set) => ({ ...set, probs: await modelProbabilities(loaded.classifier, set.texts), signals: lexiconOf(set.texts) })));
await loaded.classifier.dispose();

for (const set of prepared) {
  const model = score(set.gold, set.probs.map(modelPrediction));
  const lexicon = score(
    set.gold,
    set.signals.map((s) => lexiconPrediction(s)),
  );
  console.log(`${set.name} (n=${set.gold.length}): model macro-F1 ${fmt(model.macroF1)}, lexicon ${fmt(lexicon.macroF1)}`);
}

// The objective weighs each dev set equally, so 6,000 shopping reviews do not drown 135 chat messages.
const tuned = prepared.filter((set) => set.tuned);
const objective = (weights: BlendWeights) =>
  tuned.reduce(
    (sum, set) =>
      sum +
      score(
        set.gold,
        set.probs.map((p, i) => blendPrediction(p, set.signals[i]!, weights)),
      ).macroF1,
    0,
  ) / tuned.length;

const results: Array<{ weights: BlendWeights; value: number }> = [];
for (const lexiconWeight of [0.5, 1, 1.5, 2, 3, 4])
  for (const lexiconSaturation of [2, 3, 4, 6])
    for (const questionDiscount of [0, 0.15, 0.3, 0.5, 0.75, 1])
      for (const noCueDiscount of [0.5, 0.75, 1])
        for (const neutralBand of [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]) {
          const weights = { lexiconWeight, lexiconSaturation, questionDiscount, noCueDiscount, neutralBand };
          results.push({ weights, value: objective(weights) });
        }
results.sort((a, b) => b.value - a.value);
console.log('best blends (mean dev macro-F1):');
for (const { weights, value } of results.slice(0, 8)) console.log(`  ${fmt(value)}  ${JSON.stringify(weights)}`);
const best = results[0]!.weights;
for (const set of prepared) {
  const s = score(
    set.gold,
    set.probs.map((p, i) => blendPrediction(p, set.signals[i]!, best)),
  );
  console.log(`  ${set.name}: acc ${fmt(s.accuracy)} macro-F1 ${fmt(s.macroF1)}`);
}

const bands = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3].map((band) => ({
  band,
  value:
    tuned.reduce(
      (sum, set) =>
        sum +
        score(
          set.gold,
          set.signals.map((s) => lexiconPrediction(s, band)),
        ).macroF1,
      0,
    ) / tuned.length,
}));
bands.sort((a, b) => b.value - a.value);
console.log(`lexicon-only neutral band: ${bands.map((b) => `${b.band}→${fmt(b.value)}`).join(', ')}`);
