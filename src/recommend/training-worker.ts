import { parentPort, workerData } from 'node:worker_threads';
import { learn, transferables } from './learn.js';
import { readOrderHistoryCsv } from './online-retail.js';
import type { TrainingJob, TrainingReply } from './learn-in-worker.js';

// The worker side of learnInWorker: reads the order history, learns, hands the model's buffers over and ends.
const { file, params } = workerData as TrainingJob;
// Normal priority on purpose: a lowered one (nice 10) starved the worker for minutes on a busy
// 2-core machine, so a new replica served no suggestions; the serving thread is not blocked either way.
let reply: TrainingReply;
let transfer: ArrayBuffer[] = [];
try {
  const history = readOrderHistoryCsv(file);
  if (history.length === 0) reply = { ok: true, result: null };
  else {
    const learned = learn(history, params);
    transfer = transferables(learned);
    reply = { ok: true, result: { learned, purchases: history.length } };
  }
} catch (error) {
  reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
}
parentPort!.postMessage(reply, transfer);
