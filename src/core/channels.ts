import type { Citation, Conversation, FollowUp } from '../domain/types.js';

/** Where a conversation lives on its platform: enough for an adapter to write into it later. */
export interface ConversationAddress {
  channel: string;
  conversationKey: string;
  userId: string;
  /** What the adapter stored with the customer's last message (thread ids, service URLs, tokens). */
  replyContext: Record<string, unknown> | null;
}

export function addressOf(conversation: Conversation): ConversationAddress {
  const { channel, conversationKey, userId, replyContext } = conversation;
  return { channel, conversationKey, userId, replyContext };
}

export interface OutboundMessage {
  text: string;
  /** Who is speaking: the bot's own answer, a staff member relayed, or a system notice. */
  author: 'bot' | 'staff' | 'system';
  /** Display name of the staff member, where the platform can show it. */
  authorName?: string;
  citations?: Citation[];
  /** Suggested next questions; adapters show buttons where the platform has them, numbered lines elsewhere. */
  followUps?: FollowUp[];
}

/**
 * Implemented by every adapter: writes a message into a conversation on its platform
 * outside the request that carried the customer's message (staff replies, late answers).
 */
export interface ChannelSender {
  readonly channel: string;
  send(to: ConversationAddress, message: OutboundMessage): Promise<void>;
}

export class UnknownChannelError extends Error {
  override readonly name = 'UnknownChannelError';
  constructor(readonly channel: string) {
    super(`No adapter can send to channel "${channel}"`);
  }
}

/** The core's one way out to any platform; adapters register themselves at start-up. */
export class ChannelRegistry {
  private readonly senders = new Map<string, ChannelSender>();

  register(sender: ChannelSender): void {
    this.senders.set(sender.channel, sender);
  }

  has(channel: string): boolean {
    return this.senders.has(channel);
  }

  /** The channels that can be written to, in the order their adapters started. */
  names(): string[] {
    return [...this.senders.keys()];
  }

  async send(to: ConversationAddress, message: OutboundMessage): Promise<void> {
    const sender = this.senders.get(to.channel);
    if (!sender) throw new UnknownChannelError(to.channel);
    await sender.send(to, message);
  }
}
