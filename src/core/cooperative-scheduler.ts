/**
 * Lets turns take turns on the event loop. Each turn waits here between stages; a few waiting
 * turns are resumed per loop iteration, so requests waiting to be read or acknowledged are
 * served between rounds, however many turns are in flight. Without it, turns that become
 * ready together (a sentiment batch answering 32 of them) run back to back, start to finish,
 * while webhook acknowledgements wait behind them. A round resumes several turns rather than
 * one so that work arriving together (sentiment) can still be batched.
 */
export class CooperativeScheduler {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  constructor(private readonly perRound = 4) {}

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
    // A setImmediate scheduled from inside a setImmediate callback runs in the next loop
    // iteration, after its poll phase: that is what puts I/O between two rounds.
    setImmediate(() => {
      this.scheduled = false;
      for (const resume of this.waiting.splice(0, this.perRound)) resume();
      if (this.waiting.length > 0) this.schedule();
    });
  }
}
