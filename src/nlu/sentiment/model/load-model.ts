import { modelThreads } from '../../../models/model-threads.js';
import type { Logger } from 'pino';
import { resolveModelSources, type ModelCandidate, type ModelSourceSettings } from './model-source.js';
import { TextClassifier, type ModelDtype } from './text-classifier.js';

export interface LoadedModel {
  classifier: TextClassifier;
  candidate: ModelCandidate;
  loadMs: number;
}

export interface LoadAttempt {
  model: string;
  error: string;
}

export interface LoadResult {
  /** False when SENTIMENT_MODEL turned the model off on purpose. */
  enabled: boolean;
  loaded: LoadedModel | null;
  /** Every candidate that was ruled out or failed, with why: the "why this one" of the log. */
  attempts: LoadAttempt[];
}

const firstLine = (error: unknown) =>
  String(error instanceof Error ? error.message : error)
    .split('\n')[0]!
    .slice(0, 300);

/**
 * Tries each candidate in order and keeps the first that loads and answers. Offline, a
 * missing model fails in milliseconds ("fetch failed", "not found locally"), so the chain is quick.
 */
export async function loadSentimentModel(settings: ModelSourceSettings & { SENTIMENT_DTYPE: ModelDtype; MODEL_THREADS: number }, logger: Logger): Promise<LoadResult> {
  const sources = resolveModelSources(settings);
  const attempts: LoadAttempt[] = sources.skipped.map(({ model, reason }) => ({ model, error: reason }));
  for (const { model, reason } of sources.skipped) logger.warn({ model, reason }, 'sentiment model skipped');
  for (const candidate of sources.candidates) {
    const started = performance.now();
    logger.info({ model: candidate.name, kind: candidate.kind, source: candidate.source }, 'sentiment model loading');
    try {
      const classifier = await TextClassifier.load(candidate, settings.SENTIMENT_DTYPE, modelThreads(settings.MODEL_THREADS));
      // One call before serving: the first inference allocates, and a broken file fails here.
      await classifier.predict(['ok']);
      return { enabled: true, loaded: { classifier, candidate, loadMs: Math.round(performance.now() - started) }, attempts };
    } catch (error) {
      attempts.push({ model: candidate.name, error: firstLine(error) });
      logger.warn({ model: candidate.name, source: candidate.source, err: firstLine(error), ms: Math.round(performance.now() - started) }, 'sentiment model failed to load');
    }
  }
  return { enabled: sources.enabled, loaded: null, attempts };
}
