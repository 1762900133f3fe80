import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../../logger.js';
import { loadEmbeddings } from '../embeddings/load-embeddings.js';
import { TextAnalyzer } from '../text/analyzer.js';
import { runBuildJob } from './build-job.js';
import { serializeError, type WorkerJobData, type WorkerReply } from './build-runner.js';

// The worker side of WorkerBuildRunner: one job, one reply, then the parent ends the thread.
const { settings, request } = workerData as WorkerJobData;
const logger = createLogger({ level: settings.logLevel }).child({ thread: 'kb-build' });
let reply: WorkerReply;
try {
  const analyzer = new TextAnalyzer(settings.chinese);
  const embeddings = await loadEmbeddings(settings.embedding, analyzer, logger);
  reply = { ok: true, result: await runBuildJob(request, embeddings, analyzer, logger) };
} catch (error) {
  reply = { ok: false, error: serializeError(error) };
}
parentPort!.postMessage(reply);
