import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../../logger.js';
import { loadEmbeddings } from '../embeddings/load-embeddings.js';
import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import { TextAnalyzer } from '../text/analyzer.js';
import { runBuildJob } from './build-job.js';
import { serializeError, type WorkerData, type WorkerJob, type WorkerReply } from './build-runner.js';

// The worker side of WorkerBuildRunner: jobs arrive one at a time; each gets one reply.
const { settings } = workerData as WorkerData;
const logger = createLogger({ level: settings.logLevel }).child({ thread: 'kb-build' });
const analyzer = new TextAnalyzer(settings.chinese);
let embeddings: Promise<KnowledgeEmbeddings> | null = null;

parentPort!.on('message', async ({ id, request }: WorkerJob) => {
  let reply: WorkerReply;
  try {
    embeddings ??= loadEmbeddings(settings.embedding, analyzer, logger);
    reply = { id, ok: true, result: await runBuildJob(request, await embeddings, analyzer, logger) };
  } catch (error) {
    reply = { id, ok: false, error: serializeError(error) };
  }
  parentPort!.postMessage(reply);
});
