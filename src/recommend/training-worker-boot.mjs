// A worker thread starts without the parent's TypeScript loader: register tsx, then run the job.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
