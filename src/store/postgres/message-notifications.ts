import pg from 'pg';
import type { Logger } from '../../logger.js';
import type { MessageNotifications } from '../types.js';

const channel = 'aftercare_messages';

/**
 * One connection per process LISTENing for the messages trigger's announcements (migration 3),
 * opened on the first subscriber and closed with the last. A dropped connection is opened
 * again after a second. Whenever LISTEN starts, subscribers hear `null`: something may have been
 * missed while it was not in place.
 */
export class PgMessageNotifications implements MessageNotifications {
  private readonly listeners = new Set<(conversationKey: string | null) => void>();
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly logger?: Logger,
  ) {}

  subscribe(listener: (conversationKey: string | null) => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.connect();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.disconnect();
    };
  }

  private emit(conversationKey: string | null): void {
    for (const listener of [...this.listeners]) listener(conversationKey);
  }

  private connect(): void {
    if (this.closed || this.client) return;
    const client = new pg.Client({ connectionString: this.url });
    this.client = client;
    const lost = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = null;
      void client.end().catch(() => undefined);
      if (this.closed || this.listeners.size === 0) return;
      this.logger?.warn({ err: error }, 'message notifications: connection lost, reconnecting');
      this.retry = setTimeout(() => this.connect(), 1000);
      this.retry.unref();
    };
    client.on('notification', (message) => this.emit(message.payload ?? null));
    client.on('error', lost);
    client.on('end', () => lost());
    client
      .connect()
      .then(() => client.query(`LISTEN ${channel}`))
      // Until LISTEN is in place nothing is heard: a message stored meanwhile (the first stream's
      // own turn, written by another replica) would wait for the next one. Everyone checks once.
      .then(() => this.emit(null))
      .catch(lost);
  }

  private disconnect(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => undefined);
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.disconnect();
  }
}
