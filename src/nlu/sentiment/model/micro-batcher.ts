export class BatchDeadlineError extends Error {
  override readonly name = 'BatchDeadlineError';
}

export class BatcherClosedError extends Error {
  override readonly name = 'BatcherClosedError';
}

export interface MicroBatcherOptions<I> {
  /** Largest batch handed to `run`. */
  maxBatch: number;
  /** How long the first item of an idle batcher waits for company; 0 = until the next event-loop turn. */
  waitMs: number;
  /** Items are sorted by this before being cut into batches, so each batch pads little. */
  sizeOf: (item: I) => number;
}

interface Pending<I, O> {
  item: I;
  deadline: number;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects items submitted close together into batched calls of `run`, one call in flight at
 * a time. An idle batcher flushes on the next tick (a lone message waits for nothing); while a
 * batch runs, new items queue up and go together in the next one — the busier it is, the
 * bigger the batches. Items whose deadline passed while queued are rejected, not run.
 */
export class MicroBatcher<I, O> {
  private queue: Array<Pending<I, O>> = [];
  private scheduled = false;
  private running: Promise<void> | null = null;
  private closed = false;
  /** Calls of `run` and the items they carried: their ratio is the mean batch size. */
  readonly stats = { batches: 0, items: 0 };

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: MicroBatcherOptions<I>,
  ) {}

  submit(item: I, deadline = Number.POSITIVE_INFINITY): Promise<O> {
    if (this.closed) return Promise.reject(new BatcherClosedError('the batcher is closed'));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, deadline, resolve, reject });
      this.schedule();
    });
  }

  /** Refuses new items, fails the queued ones, and resolves once the batch in flight is done. */
  async close(): Promise<void> {
    this.closed = true;
    const queued = this.queue;
    this.queue = [];
    for (const pending of queued) pending.reject(new BatcherClosedError('the batcher was closed'));
    await this.running;
  }

  get queued(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    const flush = () => {
      this.scheduled = false;
      this.running = this.drain().finally(() => {
        this.running = null;
      });
    };
    if (this.options.waitMs > 0) setTimeout(flush, this.options.waitMs);
    else setImmediate(flush);
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.closed) {
      const taken = this.queue;
      this.queue = [];
      taken.sort((a, b) => this.options.sizeOf(a.item) - this.options.sizeOf(b.item));
      for (let start = 0; start < taken.length; start += this.options.maxBatch) {
        const chunk = taken.slice(start, start + this.options.maxBatch);
        if (this.closed) {
          for (const pending of chunk) pending.reject(new BatcherClosedError('the batcher was closed'));
          continue;
        }
        // Checked per chunk: a long queue must not spend the model on answers nobody waits for.
        const now = performance.now();
        const live = chunk.filter((pending) => {
          if (pending.deadline > now) return true;
          pending.reject(new BatchDeadlineError('deadline passed while queued'));
          return false;
        });
        if (live.length > 0) await this.runBatch(live);
      }
    }
  }

  private async runBatch(batch: Array<Pending<I, O>>): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    try {
      const results = await this.run(batch.map((pending) => pending.item));
      if (results.length !== batch.length) throw new Error(`batch returned ${results.length} results for ${batch.length} items`);
      batch.forEach((pending, i) => pending.resolve(results[i]!));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
