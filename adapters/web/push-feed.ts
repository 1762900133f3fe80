import type { Logger } from '../../src/logger.js';
import type { MessageNotifications, MessageRepository } from '../../src/store/types.js';

/**
 * Wakes a widget's push stream when its conversation may have something new. A staff reply
 * relayed by this process wakes it at once (through the widget's `ChannelSender`); one relayed
 * by another process is announced by the store where it can (Postgres NOTIFY: no polling at
 * all), or else noticed by a poll of the newest message id, one cheap query per interval for
 * all streams together, and only while some stream is open.
 */
export class PushFeed {
  private readonly listeners = new Map<string, Set<() => void>>();
  private timer: NodeJS.Timeout | null = null;
  private lastSeen = -1;
  private polling = false;

  private unlisten: (() => void) | null = null;

  constructor(
    private readonly messages: MessageRepository,
    private readonly pollMs: number,
    private readonly logger: Logger,
    private readonly notifications?: MessageNotifications,
  ) {}

  /** Calls `wake` whenever `conversation` may have news; returns the unsubscribe function. */
  subscribe(conversation: string, wake: () => void): () => void {
    let set = this.listeners.get(conversation);
    if (!set) this.listeners.set(conversation, (set = new Set()));
    set.add(wake);
    this.startPolling();
    return () => {
      set.delete(wake);
      if (set.size === 0) this.listeners.delete(conversation);
      if (this.listeners.size === 0) this.stopPolling();
    };
  }

  wake(conversation: string): void {
    for (const wake of this.listeners.get(conversation) ?? []) wake();
  }

  private startPolling(): void {
    if (this.notifications) {
      // null: the announcements may have missed some, so every stream looks.
      this.unlisten ??= this.notifications.subscribe((key) => (key === null ? this.wakeAll() : this.wake(key)));
      return;
    }
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  private wakeAll(): void {
    for (const set of this.listeners.values()) for (const wake of set) wake();
  }

  private stopPolling(): void {
    this.unlisten?.();
    this.unlisten = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.lastSeen = -1;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const latest = await this.messages.latestId();
      // The first poll wakes everyone too: a message may have landed between a stream's own first look and it.
      if (latest !== this.lastSeen) {
        this.lastSeen = latest;
        for (const set of this.listeners.values()) for (const wake of set) wake();
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'widget push poll failed');
    } finally {
      this.polling = false;
    }
  }

  close(): void {
    this.stopPolling();
    this.listeners.clear();
  }
}
