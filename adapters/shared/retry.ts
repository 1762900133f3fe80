import { setTimeout as delay } from 'node:timers/promises';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  /** First backoff; each later one doubles, capped at `maxDelayMs`, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What a failed attempt says about trying again: give up, or retry (after the server's own delay if it named one). */
export type RetryVerdict = { retry: false } | { retry: true; afterMs?: number };

/**
 * Runs `task` until it succeeds, the error is not worth retrying, or the attempts run out;
 * the last error is thrown. Exponential backoff with full jitter, as AWS recommends for
 * many clients retrying against one endpoint.
 */
export async function withRetries<T>(task: (attempt: number) => Promise<T>, policy: RetryPolicy, classify: (error: unknown) => RetryVerdict): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      const verdict = classify(error);
      if (!verdict.retry || attempt >= policy.attempts) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await delay(verdict.afterMs !== undefined ? Math.min(verdict.afterMs, policy.maxDelayMs) : Math.random() * ceiling);
    }
  }
}
