import type { Logger } from './logger.js';

/**
 * Work that outlives the request that started it (a reply delivered after the platform's
 * deadline). Tracked so that shutdown waits for it before the store closes, and so that a
 * failure is logged instead of becoming an unhandled rejection.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(name: string, task: () => Promise<void>): void {
    const tracked = Promise.resolve()
      .then(task)
      .catch((error: unknown) => this.logger.error({ err: error, task: name }, 'background task failed'))
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves once every task (including ones started meanwhile) has finished. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
