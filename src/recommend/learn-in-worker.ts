import { Worker } from 'node:worker_threads';
import type { LearnedModel } from './learn.js';
import type { RecommenderParams } from './recommender-params.js';

/** A learned model and how many purchases it came from; null when the history was empty. */
export type Learning = { learned: LearnedModel; purchases: number } | null;

/** Learns a model from the shop's order history, somewhere; stop() abandons it (at shutdown). */
export interface Learner {
  learn(params: RecommenderParams): Promise<Learning>;
  stop?(): Promise<void>;
}

export interface TrainingJob {
  entry: string;
  file: string;
  params: RecommenderParams;
}
export type TrainingReply = { ok: true; result: Learning } | { ok: false; message: string };

const boot = new URL('./training-worker-boot.mjs', import.meta.url);
const entry = new URL('./training-worker.ts', import.meta.url).href;

/**
 * Reads an order-history CSV and learns from it in a worker thread: reading and learning take
 * seconds of CPU (about 10 s for the demo shop's 200,000 purchases), which on the serving thread
 * would stall every conversation. The model comes back as a few buffers that are moved, not
 * copied, so taking it over costs the serving thread next to nothing.
 */
export function learnInWorker(file: string): Learner {
  let worker: Worker | null = null;
  return {
    learn(params) {
      const job: TrainingJob = { entry, file, params };
      const started = new Worker(boot, { workerData: job });
      worker = started;
      return new Promise<Learning>((resolve, reject) => {
        started.once('message', (reply: TrainingReply) => (reply.ok ? resolve(reply.result) : reject(new Error(reply.message))));
        started.once('error', reject);
        started.once('exit', (code) => {
          worker = null;
          // After a reply this settles nothing; without one, the worker was stopped or crashed.
          reject(new Error(`recommendation training ended (exit code ${code}) before it finished`));
        });
      });
    },
    async stop() {
      await worker?.terminate();
    },
  };
}
