import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { LabelledExample } from './example-files.js';
import { featuresOf } from './features.js';
import { allIntentLabels } from './labels.js';
import { defaultTrainingOptions, fitTemperature, trainSoftmax, type SoftmaxModel, type TrainingExample, type TrainingOptions } from './softmax-regression.js';

/** Bumped when the saved model's layout changes. */
export const modelFormat = 'ngram-logreg-v1';
/** Share of the examples held back (by a hash of the text) to fit the temperature on. */
const calibrationShare = 0.1;

function hashOf(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

const inCalibrationFold = (text: string) => Number.parseInt(hashOf('calibration', text).slice(0, 8), 16) / 2 ** 32 < calibrationShare;

/**
 * The code that decides what a model learns: a change to any of these files (a concept
 * pattern, a feature, the trainer) must invalidate saved models. Read from disk beside this
 * module, in whatever form it runs (TypeScript through tsx, or built). Of the labels only the
 * list matters, not their descriptions.
 */
const modelCode = ['features', 'concepts', 'softmax-regression', 'train-intent-model'];

/**
 * What a trained model depends on: the example files, the training options and the code
 * above. A change to any gives a new key, so a saved model can never silently disagree with
 * the code or the data; computing it reads a few files and parses nothing.
 */
export async function trainingKey(exampleFiles: readonly string[], options: TrainingOptions = defaultTrainingOptions): Promise<string> {
  const extension = extname(import.meta.filename);
  // Line endings normalised: a Windows checkout must not look like a change.
  const read = async (file: string) => (await readFile(file, 'utf8')).replace(/\r\n/g, '\n');
  const code = await Promise.all(modelCode.map((name) => read(join(import.meta.dirname, `${name}${extension}`))));
  const data = await Promise.all(exampleFiles.map(async (file) => `${basename(dirname(file))}/${basename(file)}\n${await read(file)}`));
  return hashOf(modelFormat, JSON.stringify(options), allIntentLabels.join(' '), ...code, ...data);
}

/**
 * Hand-written examples count more than the Bitext ones: Bitext is thousands of variations
 * of a few templates, and without this its phrasing would outvote how people really write.
 */
function weightOf(example: LabelledExample): number {
  return example.origin.includes('en-bitext') ? 0.3 : 1;
}

export interface TrainedIntentModel {
  model: SoftmaxModel;
  examples: number;
}

/**
 * Trains on 90% to fit the temperature on the other 10%, then on everything with that
 * temperature: the probabilities are calibrated on examples the fitting model never saw.
 */
export function trainIntentModel(examples: readonly LabelledExample[], options: TrainingOptions = defaultTrainingOptions): TrainedIntentModel {
  const encoded = examples.map((example) => ({
    example,
    training: { features: featuresOf(example.text), label: example.label, weight: weightOf(example) } satisfies TrainingExample,
  }));
  const calibration = encoded.filter(({ example }) => inCalibrationFold(example.text)).map(({ training }) => training);
  const fitting = encoded.filter(({ example }) => !inCalibrationFold(example.text)).map(({ training }) => training);
  const temperature = calibration.length > 0 ? fitTemperature(trainSoftmax(fitting, allIntentLabels, options), calibration) : 1;
  const model = trainSoftmax(
    encoded.map(({ training }) => training),
    allIntentLabels,
    options,
  );
  model.data.temperature = temperature;
  return { model, examples: examples.length };
}
