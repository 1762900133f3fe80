import type { Language } from '../domain/types.js';

/**
 * What a customer is told when they are handed to staff and while they wait. The core asks;
 * the handoff side knows whether any staff desk exists, the shop's contact and its hours.
 */
export interface WaitingMessages {
  /** The acknowledgement when the conversation is escalated. */
  escalated(language: Language, now: Date): Promise<string>;
  /** The short status reply to a message written while waiting. */
  waiting(language: Language, now: Date): Promise<string>;
}
