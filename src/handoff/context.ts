import type { ChannelRegistry } from '../core/channels.js';
import type { Language } from '../domain/types.js';
import type { Templates } from '../llm/templates.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import type { StaffDesk } from './staff-desk.js';

export interface HandoffOptions {
  /** 0 turns reminders off. */
  reminderMinutes: number;
  maxReminders: number;
  askRating: boolean;
  transcriptMessages: number;
  defaultLanguage: Language;
  lockTimeoutMs: number;
}

/** What every piece of the handoff logic works with; the desk is the external staff surface in use, if any. */
export interface HandoffContext {
  store: Store;
  channels: ChannelRegistry;
  templates: Templates;
  logger: Logger;
  options: HandoffOptions;
  /** The external staff surface (Slack), or null: the console reads the store and needs no desk. */
  desk: StaffDesk | null;
  /** Names this process in claims, so a stale claim can be told from a live one. */
  claimant: string;
}

/**
 * Staff-side work on one conversation (posting, mirroring, state changes, relays) runs one
 * at a time, across processes, so the thread shows things in the order they happened.
 */
export function withConversation<T>(ctx: HandoffContext, conversationId: string, task: () => Promise<T>): Promise<T> {
  return ctx.store.locks.runExclusive(`handoff:${conversationId}`, task, { timeoutMs: ctx.options.lockTimeoutMs });
}
