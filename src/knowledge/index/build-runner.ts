import { Worker } from 'node:worker_threads';
import type { Logger } from '../../logger.js';
import type { EmbeddingSettings } from '../embeddings/load-embeddings.js';
import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import { AmbiguousDocumentError, DocumentNotFoundError, SectionNotFoundError } from '../errors.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import type { ChineseSegmentation } from '../text/chinese-segmenter.js';
import { InvalidUploadError, runBuildJob, type BuildJobResult, type BuildRequest } from './build-job.js';

/** Runs a build job somewhere: in this thread, or in a worker thread that keeps this one responsive. */
export interface BuildRunner {
  run(request: BuildRequest): Promise<BuildJobResult>;
  close?(): Promise<void>;
}

/** In this thread: for tools and tests that hand the knowledge base an embedder object of their own. */
export class InlineBuildRunner implements BuildRunner {
  constructor(
    private readonly embeddings: KnowledgeEmbeddings,
    private readonly analyzer: TextAnalyzer,
    private readonly logger: Logger,
  ) {}

  run(request: BuildRequest): Promise<BuildJobResult> {
    return runBuildJob(request, this.embeddings, this.analyzer, this.logger);
  }
}

/** What a worker needs to make the same embedder and analyzer as the serving thread. */
export interface WorkerBuildSettings {
  embedding: EmbeddingSettings;
  chinese: ChineseSegmentation;
  logLevel: string;
  /** The worker's heap cap (KB_BUILD_MAX_MEMORY_MB): a runaway document ends the worker, not the server. */
  maxMemoryMb: number;
  /** KB_BUILD_TIMEOUT_MS: a build that takes longer is stopped and reported. */
  timeoutMs: number;
  /** An idle worker ends after this long, and its memory (and its copy of the model) with it. */
  idleMs: number;
}

export interface WorkerData {
  entry: string;
  settings: WorkerBuildSettings;
}

export type SerializedError = { name: string; message: string; problems?: string[]; reference?: string; candidates?: string[]; documentId?: string; sections?: string[] };
export type WorkerReply = { id: number } & ({ ok: true; result: BuildJobResult } | { ok: false; error: SerializedError });
export interface WorkerJob {
  id: number;
  request: BuildRequest;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof InvalidUploadError) return { name: error.name, message: error.message, problems: [...error.problems] };
  if (error instanceof DocumentNotFoundError) return { name: error.name, message: error.message, reference: error.reference };
  if (error instanceof AmbiguousDocumentError) return { name: error.name, message: error.message, reference: error.reference, candidates: [...error.candidates] };
  if (error instanceof SectionNotFoundError)
    return { name: error.name, message: error.message, documentId: error.documentId, reference: error.reference, sections: [...error.sections] };
  return { name: 'Error', message: error instanceof Error ? error.message : String(error) };
}

function deserializeError(error: SerializedError): Error {
  if (error.name === 'InvalidUploadError') return new InvalidUploadError(error.problems ?? [error.message]);
  if (error.name === 'DocumentNotFoundError') return new DocumentNotFoundError(error.reference ?? '');
  if (error.name === 'AmbiguousDocumentError') return new AmbiguousDocumentError(error.reference ?? '', error.candidates ?? []);
  if (error.name === 'SectionNotFoundError') return new SectionNotFoundError(error.documentId ?? '', error.reference ?? '', error.sections ?? []);
  return new Error(error.message);
}

const boot = new URL('./build-worker-boot.mjs', import.meta.url);
const entry = new URL('./build-worker.ts', import.meta.url).href;

/**
 * Builds in a worker thread: extracting a PDF, splitting, embedding and building the vector
 * graph are seconds of CPU for a large document, and on the serving thread they would stall
 * every channel (WeChat and Slack give up on a reply after 5 s and 3 s). One worker serves
 * builds one after another and ends when idle; a build that overruns its time or memory ends
 * the worker, and the next build starts a fresh one.
 */
export class WorkerBuildRunner implements BuildRunner {
  private worker: Worker | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly settings: WorkerBuildSettings,
    private readonly logger: Logger,
  ) {}

  run(request: BuildRequest): Promise<BuildJobResult> {
    const result = this.queue.then(() => this.runNow(request));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.queue;
    this.stopWorker();
  }

  private spawn(): Worker {
    const data: WorkerData = { entry, settings: this.settings };
    const worker = new Worker(boot, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: this.settings.maxMemoryMb } });
    worker.unref();
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
    });
    return worker;
  }

  private stopWorker(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
  }

  private runNow(request: BuildRequest): Promise<BuildJobResult> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    return new Promise<BuildJobResult>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const fail = (error: Error) => {
        cleanup();
        if (this.worker === worker) this.stopWorker();
        reject(error);
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== id) return;
        cleanup();
        this.idleTimer = setTimeout(() => this.stopWorker(), this.settings.idleMs);
        this.idleTimer.unref();
        if (reply.ok) resolve(reply.result);
        else reject(deserializeError(reply.error));
      };
      const onError = (error: Error & { code?: string }) => {
        this.logger.error({ err: error }, 'knowledge base build worker failed');
        fail(
          new Error(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `the build needed more than ${this.settings.maxMemoryMb} MB (KB_BUILD_MAX_MEMORY_MB) and was stopped`
              : `the build worker failed: ${error.message}`,
          ),
        );
      };
      const onExit = (code: number) => fail(new Error(`the build worker exited (code ${code}) without a result`));
      const timer = setTimeout(() => fail(new Error(`the build took longer than ${this.settings.timeoutMs} ms (KB_BUILD_TIMEOUT_MS) and was stopped`)), this.settings.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, request } satisfies WorkerJob);
    });
  }
}
