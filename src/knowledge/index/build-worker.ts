import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../../logger.js';
import { loadEmbeddings } from '../embeddings/load-embeddings.js';
import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import { TextAnalyzer } from '../text/analyzer.js';
import { runBuildJob } from './build-job.js';
import { lazyWithPrecomputed } from './precomputed-vectors.js';
import { serializeError, type WorkerData, type WorkerJob, type WorkerReply } from './build-runner.js';

// The worker side of WorkerBuildRunner: jobs arrive one at a time; each gets one reply.
const { settings } = workerData as WorkerData;
// On Linux a nice value belongs to a thread: this lowers the build's claim on the CPU only, so
// on a busy machine the serving thread is scheduled first. Elsewhere it may apply to the process or fail; builds then run as they are.
if (process.platform === 'linux') {
  try {
    setPriority(10);
  } catch {
    /* not permitted: builds keep the serving thread's priority */
  }
}
const logger = createLogger({ level: settings.logLevel }).child({ thread: 'kb-build' });
const analyzer = new TextAnalyzer(settings.chinese);
let embeddings: Promise<KnowledgeEmbeddings> | null = null;

parentPort!.on('message', async ({ id, request }: WorkerJob) => {
  let reply: WorkerReply;
  try {
    const load = () => (embeddings ??= loadEmbeddings(settings.embedding, analyzer, logger));
    // With the changed passages' vectors sent along, the model is loaded only if one is missing (see precomputed-vectors.ts).
    const embedder = request.precomputed && !embeddings ? lazyWithPrecomputed(load, request.precomputed) : await load();
    reply = { id, ok: true, result: await runBuildJob(request, embedder, analyzer, logger) };
  } catch (error) {
    reply = { id, ok: false, error: serializeError(error) };
  }
  parentPort!.postMessage(reply);
});
