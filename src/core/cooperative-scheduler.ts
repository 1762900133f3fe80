/**
 * Lets turns take turns on the event loop. Each turn waits here between stages; one waiting
 * turn is resumed per loop iteration, so requests waiting to be read or acknowledged are
 * served between any two stages, however many turns are in flight. Without it, turns that
 * become ready together (a sentiment batch answering 32 of them) run back to back while
 * webhook acknowledgements wait behind them.
 */
export class CooperativeScheduler {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  /** Resolves when it is this caller's turn to run its next piece of work. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  get queued(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate scheduled from inside a setImmediate callback runs in the next loop
    // iteration, after its poll phase: that is what puts I/O between two resumed turns.
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()?.();
      if (this.waiting.length > 0) this.schedule();
    });
  }
}
