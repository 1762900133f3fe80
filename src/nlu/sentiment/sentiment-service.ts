import type { Logger } from 'pino';
import type { SentimentScore } from '../../domain/types.js';
import type { SentimentAnalyser, SentimentInput } from './analyser.js';
import { blendedSentiment, blendScores, type BlendResult } from './blend.js';
import { LEXICON_MODEL, lexiconScore } from './lexicon-analyser.js';
import { lexiconSignals, type LexiconSignals } from './lexicon/signals.js';
import type { ClassProbabilities } from './model/label-mapping.js';
import { loadSentimentModel, type LoadAttempt, type LoadedModel } from './model/load-model.js';
import { MicroBatcher } from './model/micro-batcher.js';
import type { ModelSourceSettings } from './model/model-source.js';
import type { ModelDtype } from './model/text-classifier.js';

export interface SentimentSettings extends ModelSourceSettings {
  SENTIMENT_DTYPE: ModelDtype;
  SENTIMENT_BATCH_SIZE: number;
  SENTIMENT_BATCH_WAIT_MS: number;
  SENTIMENT_TIMEOUT_MS: number;
  MODEL_THREADS: number;
}

/** What /readyz shows: which analyser serves now, and what happened to the model. */
export interface SentimentStatus {
  /** The name every outcome's `sentiment.model` carries right now. */
  serving: string;
  state: 'loading' | 'ready' | 'unavailable' | 'disabled';
  model: string | null;
  source: string | null;
  dtype: string | null;
  loadMs: number | null;
  caveat: string | null;
  /** Candidates that were ruled out or failed, with the reason. */
  attempts: LoadAttempt[];
  /** Messages the model did not answer in time or failed on, which the lexicon scored instead. */
  modelFallbacks: number;
  /** Model calls so far and the messages they scored (their ratio is the mean batch size). */
  batches: { calls: number; messages: number };
}

export interface SentimentExplanation {
  text: string;
  score: SentimentScore;
  lexicon: Pick<LexiconSignals, 'polarity' | 'cues' | 'abuse' | 'question' | 'request' | 'emphasis'>;
  model: { name: string; probabilities: { negative: number; neutral: number; positive: number } } | null;
  blend: Omit<BlendResult, 'label' | 'score'> | null;
}

/**
 * The analyser the pipeline uses. The lexicon answers from the first message; the model loads
 * in the background and, once ready, every message is scored by model and lexicon together.
 * Concurrent messages share one batched model call. A model that fails or is slower than
 * SENTIMENT_TIMEOUT_MS costs that message its model score, never its answer.
 */
export class SentimentService implements SentimentAnalyser {
  private model: LoadedModel | null = null;
  private batcher: MicroBatcher<string, ClassProbabilities> | null = null;
  private closed = false;
  private readonly loading: Promise<void>;
  private current: SentimentStatus;

  private constructor(
    private readonly settings: SentimentSettings,
    private readonly logger: Logger,
  ) {
    this.current = {
      serving: LEXICON_MODEL,
      state: 'loading',
      model: null,
      source: null,
      dtype: null,
      loadMs: null,
      caveat: null,
      attempts: [],
      modelFallbacks: 0,
      batches: { calls: 0, messages: 0 },
    };
    this.loading = this.load();
  }

  /** Starts loading the model in the background and returns at once. */
  static start(settings: SentimentSettings, logger: Logger): SentimentService {
    return new SentimentService(settings, logger);
  }

  get name(): string {
    return this.current.serving;
  }

  get status(): SentimentStatus {
    const stats = this.batcher?.stats ?? { batches: 0, items: 0 };
    return { ...this.current, attempts: [...this.current.attempts], batches: { calls: stats.batches, messages: stats.items } };
  }

  /** Resolves once loading has finished, whichever way; never rejects. */
  ready(): Promise<void> {
    return this.loading;
  }

  private async load(): Promise<void> {
    // Let start-up finish first: loading is async, but its file reads should not delay the listener.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const result = await loadSentimentModel(this.settings, this.logger).catch((error: unknown) => ({
      enabled: true,
      loaded: null,
      attempts: [{ model: this.settings.SENTIMENT_MODEL, error: String(error) }],
    }));
    if (this.closed) {
      await result.loaded?.classifier.dispose();
      return;
    }
    this.current.attempts = result.attempts;
    if (!result.loaded) {
      this.current.state = result.enabled ? 'unavailable' : 'disabled';
      if (result.enabled) {
        this.logger.warn({ serving: LEXICON_MODEL, attempts: result.attempts }, 'sentiment: no model could be loaded, serving with the lexicon alone');
      } else {
        this.logger.info({ serving: LEXICON_MODEL }, `sentiment: lexicon only (SENTIMENT_MODEL=${this.settings.SENTIMENT_MODEL})`);
      }
      return;
    }
    const { classifier, candidate, loadMs } = result.loaded;
    this.model = result.loaded;
    this.batcher = new MicroBatcher((texts) => classifier.predict(texts), {
      maxBatch: this.settings.SENTIMENT_BATCH_SIZE,
      waitMs: this.settings.SENTIMENT_BATCH_WAIT_MS,
      sizeOf: (text) => text.length,
    });
    Object.assign(this.current, {
      serving: `${candidate.name}+${LEXICON_MODEL}`,
      state: 'ready',
      model: candidate.name,
      source: candidate.source,
      dtype: classifier.dtype,
      loadMs,
      caveat: candidate.caveat ?? null,
    });
    const fields = { serving: this.current.serving, model: candidate.name, source: candidate.source, dtype: classifier.dtype, loadMs, skipped: result.attempts };
    if (candidate.caveat) this.logger.warn({ ...fields, caveat: candidate.caveat }, 'sentiment model serving: the bundled research-only model');
    else this.logger.info(fields, 'sentiment model serving');
  }

  /** The model's probabilities, or null when there is no model or it did not answer in time. */
  private async modelProbabilities(text: string): Promise<ClassProbabilities | null> {
    const batcher = this.batcher;
    if (!batcher || text.trim() === '') return null;
    const budget = this.settings.SENTIMENT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), budget);
    });
    try {
      const result = await Promise.race([batcher.submit(text, performance.now() + budget), timeout]);
      if (result === null) this.noteFallback('model too slow');
      return result;
    } catch (error) {
      this.noteFallback(String(error));
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  private noteFallback(reason: string): void {
    this.current.modelFallbacks++;
    // One line per hundred keeps a struggling model visible without flooding the log.
    if (this.current.modelFallbacks % 100 === 1) this.logger.warn({ reason, total: this.current.modelFallbacks }, 'sentiment model did not answer; the lexicon scored the message');
  }

  /** Lexicon always; model too when one is serving and answers in time. */
  private async scoreOne(text: string): Promise<{ signals: LexiconSignals; probs: ClassProbabilities | null; score: SentimentScore }> {
    const signals = lexiconSignals(text);
    const probs = this.model ? await this.modelProbabilities(text) : null;
    const score = probs ? blendedSentiment(probs, signals, this.current.serving) : lexiconScore(signals);
    return { signals, probs, score };
  }

  async analyse(inputs: readonly SentimentInput[]): Promise<SentimentScore[]> {
    return Promise.all(inputs.map(async ({ text }) => (await this.scoreOne(text)).score));
  }

  /** The score with its parts: model probabilities, lexicon cues and the blend, for people reading why. */
  async explain(input: SentimentInput): Promise<SentimentExplanation> {
    const { signals, probs, score } = await this.scoreOne(input.text);
    const { question, request, emphasis, polarity, cues, abuse } = signals;
    let blend: SentimentExplanation['blend'] = null;
    if (probs) {
      const { polarity: blended, modelPolarity, lexiconPolarity, discounted } = blendScores(probs, signals);
      blend = { polarity: blended, modelPolarity, lexiconPolarity, discounted };
    }
    return {
      text: input.text,
      score,
      lexicon: { polarity, cues, abuse, question, request, emphasis },
      model: probs ? { name: this.current.model ?? 'model', probabilities: { negative: probs[0], neutral: probs[1], positive: probs[2] } } : null,
      blend,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const model = this.model;
    const batcher = this.batcher;
    this.model = null;
    this.batcher = null;
    // The batch in flight finishes before its session goes away.
    await batcher?.close();
    await model?.classifier.dispose();
  }
}
