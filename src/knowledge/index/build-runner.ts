import { Worker } from 'node:worker_threads';
import type { Logger } from '../../logger.js';
import type { EmbeddingSettings } from '../embeddings/load-embeddings.js';
import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import { AmbiguousDocumentError, DocumentNotFoundError } from '../errors.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import type { ChineseSegmentation } from '../text/chinese-segmenter.js';
import { InvalidUploadError, runBuildJob, type BuildJobResult, type BuildRequest } from './build-job.js';

/** Runs a build job somewhere: in this thread, or in a worker thread that keeps this one responsive. */
export interface BuildRunner {
  run(request: BuildRequest): Promise<BuildJobResult>;
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
}

export interface WorkerJobData {
  entry: string;
  settings: WorkerBuildSettings;
  request: BuildRequest;
}

export type SerializedError = { name: string; message: string; problems?: string[]; reference?: string; candidates?: string[] };
export type WorkerReply = { ok: true; result: BuildJobResult } | { ok: false; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof InvalidUploadError) return { name: error.name, message: error.message, problems: [...error.problems] };
  if (error instanceof DocumentNotFoundError) return { name: error.name, message: error.message, reference: error.reference };
  if (error instanceof AmbiguousDocumentError) return { name: error.name, message: error.message, reference: error.reference, candidates: [...error.candidates] };
  return { name: 'Error', message: error instanceof Error ? error.message : String(error) };
}

function deserializeError(error: SerializedError): Error {
  if (error.name === 'InvalidUploadError') return new InvalidUploadError(error.problems ?? [error.message]);
  if (error.name === 'DocumentNotFoundError') return new DocumentNotFoundError(error.reference ?? '');
  if (error.name === 'AmbiguousDocumentError') return new AmbiguousDocumentError(error.reference ?? '', error.candidates ?? []);
  return new Error(error.message);
}

const boot = new URL('./build-worker-boot.mjs', import.meta.url);
const entry = new URL('./build-worker.ts', import.meta.url).href;

/**
 * Each build in a fresh worker thread: extracting a PDF, splitting, embedding and building the
 * vector graph are seconds of CPU for a large document, and on the serving thread they would
 * stall every channel (WeChat and Slack drop a reply after 5 s and 3 s). The worker is ended
 * when the job is done, so its memory (and its copy of the model) goes with it.
 */
export class WorkerBuildRunner implements BuildRunner {
  constructor(
    private readonly settings: WorkerBuildSettings,
    private readonly logger: Logger,
  ) {}

  run(request: BuildRequest): Promise<BuildJobResult> {
    const data: WorkerJobData = { entry, settings: this.settings, request };
    const worker = new Worker(boot, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: this.settings.maxMemoryMb } });
    return new Promise<BuildJobResult>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
        void worker.terminate();
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`the build took longer than ${this.settings.timeoutMs} ms (KB_BUILD_TIMEOUT_MS) and was stopped`))),
        this.settings.timeoutMs,
      );
      worker.on('message', (reply: WorkerReply) => finish(() => (reply.ok ? resolve(reply.result) : reject(deserializeError(reply.error)))));
      worker.on('error', (error: Error & { code?: string }) => {
        this.logger.error({ err: error }, 'knowledge base build worker failed');
        const message =
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `the build needed more than ${this.settings.maxMemoryMb} MB (KB_BUILD_MAX_MEMORY_MB) and was stopped`
            : `the build worker failed: ${error.message}`;
        finish(() => reject(new Error(message)));
      });
      worker.on('exit', (code) => finish(() => reject(new Error(`the build worker exited (code ${code}) without a result`))));
    });
  }
}
