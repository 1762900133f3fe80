import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../logger.js';
import { extraExampleFiles, readExampleFiles, shippedExampleFiles } from './example-files.js';
import { deserialiseModel, serialiseModel } from './model-file.js';
import type { SoftmaxModel } from './softmax-regression.js';
import { trainIntentModel, trainingKey } from './train-intent-model.js';

/** The model trained at build time (`npm run build:intent-model`) from the shipped examples. */
export const shippedModelFile = join(import.meta.dirname, 'model', 'ngram-logreg.json');

export interface LoadedIntentModel {
  model: SoftmaxModel;
  key: string;
  examples: number;
  /** Where it came from: the shipped file, the data directory's cache, or trained just now. */
  origin: 'shipped' | 'cache' | 'trained';
  file: string;
}

export interface IntentModelOptions {
  /** A shop's own examples, added to the shipped ones. */
  extraExamplesDir?: string;
  /** Where a model trained at start-up is kept, so the next start loads it instead. */
  cacheDir: string;
  logger?: Logger;
}

async function readModel(file: string): Promise<ReturnType<typeof deserialiseModel> | null> {
  try {
    return deserialiseModel(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes then renames, so a process reading the cache never sees half a file. */
async function writeModelAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

/** The shipped training files, and the shop's own when it has some. */
export async function trainingExampleFiles(extraExamplesDir?: string): Promise<string[]> {
  const shipped = await shippedExampleFiles('train');
  return extraExamplesDir ? [...shipped, ...(await extraExampleFiles(extraExamplesDir))] : shipped;
}

/**
 * The shipped model when it matches the examples and the feature code; otherwise a model
 * cached in the data directory for exactly this training input; otherwise one trained now
 * (a few seconds) and cached. Tested with the shop's extra examples the same way.
 */
export async function loadIntentModel({ extraExamplesDir, cacheDir, logger }: IntentModelOptions): Promise<LoadedIntentModel> {
  const files = await trainingExampleFiles(extraExamplesDir);
  const key = await trainingKey(files);
  const shipped = await readModel(shippedModelFile);
  if (shipped?.key === key) return { ...shipped, origin: 'shipped', file: shippedModelFile };

  const cached = join(cacheDir, `intent-${key.slice(0, 16)}.json`);
  const fromCache = await readModel(cached).catch((error: unknown) => {
    logger?.warn({ err: error, file: cached }, 'unreadable cached intent model; training a new one');
    return null;
  });
  if (fromCache?.key === key) return { ...fromCache, origin: 'cache', file: cached };

  if (!extraExamplesDir) {
    logger?.warn(
      { file: shippedModelFile },
      'the shipped intent model does not match the examples or the feature code; training one now (run `npm run build:intent-model` to ship it)',
    );
  }
  const started = performance.now();
  const trained = trainIntentModel(await readExampleFiles(files));
  await mkdir(cacheDir, { recursive: true });
  await writeModelAtomically(cached, JSON.stringify(serialiseModel(trained.model, key, trained.examples)));
  logger?.info({ examples: trained.examples, ms: Math.round(performance.now() - started), file: cached }, 'intent model trained and cached');
  // Read back through the same quantisation as the shipped model, so every origin predicts alike.
  const saved = (await readModel(cached))!;
  return { ...saved, origin: 'trained', file: cached };
}
