import type { ChatModel } from '../../llm/chat-model.js';
import { LlmError } from '../../llm/chat-model.js';
import type { Logger } from '../../logger.js';
import type { PhrasingAddition } from '../index/phrasings.js';
import type { KnowledgeBase } from '../knowledge-base.js';
import { writeQuestions } from './model-questions.js';

export interface Doc2QuerySettings {
  questionsPerPassage: number;
  /** Most passages sent to the model after one change; the rest keep their own words only. */
  maxPassages: number;
  timeoutMs: number;
  /** Calls at once: a background job must not take the model from customers' replies. */
  concurrency?: number;
}

export interface Doc2QueryReport {
  passages: number;
  questions: number;
  failed: number;
  version: string | null;
}

/**
 * After an ingest, asks the language model which questions each new passage answers and
 * indexes them as the passage's alternative phrasings (one more version). Runs after the
 * upload has been answered, bounded in passages and time; a model error leaves the passage
 * with its own words, which is what the offline path searches anyway. Text reaches the model
 * through the redacting chat model, like every call.
 */
export class Doc2Query {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly model: ChatModel,
    private readonly settings: Doc2QuerySettings,
    private readonly logger: Logger,
  ) {}

  /** Enriches these documents after any enrichment already running (one at a time). */
  enrich(documentIds: readonly string[]): Promise<Doc2QueryReport> {
    const run = this.queue.then(() => this.enrichNow(documentIds));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Shutting down: calls in flight finish (within their timeout), no new ones start. */
  close(): void {
    this.closed = true;
  }

  private async enrichNow(documentIds: readonly string[]): Promise<Doc2QueryReport> {
    const wanted = new Set(documentIds);
    const hashes = new Map(this.kb.documents().map((d) => [d.id, d.hash]));
    const chunks = this.kb
      .chunks()
      .filter((chunk) => wanted.has(chunk.documentId) && !chunk.modelPhrasings?.length)
      .slice(0, this.settings.maxPassages);
    const additions: PhrasingAddition[] = [];
    let failed = 0;
    let stop = false;
    let next = 0;
    const worker = async () => {
      while (!stop && !this.closed && next < chunks.length) {
        const chunk = chunks[next++]!;
        try {
          const questions = await writeQuestions(this.model, chunk, this.settings.questionsPerPassage, this.settings.timeoutMs);
          if (questions.length) additions.push({ document: chunk.documentId, section: chunk.id, questions, origin: 'model', documentHash: hashes.get(chunk.documentId) });
        } catch (error) {
          failed++;
          // An open breaker means the model is down: the remaining passages would fail the same way.
          if (error instanceof LlmError && error.kind === 'circuit_open') stop = true;
          this.logger.warn({ err: error, passage: chunk.id }, 'doc2query: the model did not write questions; the passage keeps its own words');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.settings.concurrency ?? 2) }, worker));
    const questions = additions.reduce((sum, a) => sum + a.questions.length, 0);
    let version = this.kb.version;
    if (additions.length > 0 && !this.closed) {
      try {
        version = (await this.kb.addPhrasingBatch(additions)).version;
      } catch (error) {
        // The document changed or went meanwhile: its next ingest is enriched instead.
        this.logger.warn({ err: error }, 'doc2query: the questions could not be indexed');
      }
    }
    this.logger.info({ documents: documentIds, passages: chunks.length, questions, failed, version }, 'doc2query finished');
    return { passages: chunks.length, questions, failed, version };
  }
}
