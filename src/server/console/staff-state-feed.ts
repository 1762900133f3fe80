import type { Logger } from '../../logger.js';
import type { Store } from '../../store/types.js';

/**
 * Tells the console's open live views that staff-visible state changed, whichever process
 * changed it (this server, another one, the Slack adapter): one cheap fingerprint query per
 * interval for all views together, and only while some view is open.
 */
export class StaffStateFeed {
  private readonly listeners = new Set<(version: string) => void>();
  private timer: NodeJS.Timeout | null = null;
  private last: string | null = null;
  private polling = false;

  constructor(
    private readonly store: Store,
    private readonly pollMs: number,
    private readonly logger: Logger,
  ) {}

  subscribe(listener: (version: string) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.pollMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
        this.last = null;
      }
    };
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const version = await this.store.staffStateVersion();
      if (version !== this.last) {
        // The first poll after a view opened tells it too: something may have changed while its page loaded.
        this.last = version;
        for (const listener of this.listeners) listener(version);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'console live poll failed');
    } finally {
      this.polling = false;
    }
  }
}
