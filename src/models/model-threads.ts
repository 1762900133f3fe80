import { availableParallelism } from 'node:os';

/**
 * ONNX Runtime threads for one model's session. Two models serve every turn at the same time
 * (sentiment in the serving process, the question's embedding in the encoder process), and by
 * default each would take a pool as wide as the machine: on 2 cores the two pools fought over
 * both, and a lone short message was no faster with two threads than with one (4.6 vs 4.1 ms
 * for the DistilBERT-shaped model). So each model gets half the machine unless told otherwise.
 */
export function modelThreads(configured = 0): number {
  return configured > 0 ? configured : Math.max(1, Math.floor(availableParallelism() / 2));
}

/** Session options for ONNX Runtime (directly, or through transformers.js's `session_options`). */
export function onnxSessionOptions(threads: number) {
  return {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    // Idle intra-op threads spin waiting for work by default, holding a core the other model
    // was waiting for: on 2 cores a turn's core overhead p95 fell from 69 to 33 ms with
    // spinning off (npm run bench -- --only turn-production).
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}
