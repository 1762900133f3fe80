/**
 * Handlers still running after the platform got its acknowledgement, or for events it
 * delivered over a connection (no request waits for them); shutdown waits for them before
 * the connection and the store close.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    void work.then(forget, forget);
    return work;
  }

  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
