/**
 * Trains the offline intent model from the shipped examples and writes it where the app
 * loads it from (src/nlu/intent/model/ngram-logreg.json). Deterministic: the same examples
 * and code give the same file. Run after changing examples, features, concepts or training.
 *
 *   npm run build:intent-model
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readExampleFiles } from '../src/nlu/intent/example-files.js';
import { shippedModelFile, trainingExampleFiles } from '../src/nlu/intent/load-intent-model.js';
import { serialiseModel } from '../src/nlu/intent/model-file.js';
import { trainIntentModel, trainingKey } from '../src/nlu/intent/train-intent-model.js';

const files = await trainingExampleFiles();
const examples = await readExampleFiles(files);
const started = performance.now();
const trained = trainIntentModel(examples);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
mkdirSync(dirname(shippedModelFile), { recursive: true });
const json = JSON.stringify(serialiseModel(trained.model, await trainingKey(files), trained.examples));
writeFileSync(shippedModelFile, `${json}\n`);
const { features, temperature } = trained.model.data;
console.log(
  `trained on ${trained.examples} examples in ${seconds} s: ${features.length} features, temperature ${temperature}, ` +
    `${(json.length / 1024).toFixed(0)} KiB -> ${shippedModelFile}`,
);
