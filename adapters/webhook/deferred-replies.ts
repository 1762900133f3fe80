import type { ConversationAddress } from '../../src/core/channels.js';
import type { DeferredReplySender } from '../../src/core/deferred-replies.js';
import type { Inbound, Language, Outcome } from '../../src/domain/types.js';
import type { TurnRunner } from '../shared/turn-runner.js';
import type { InboxEntry } from '../../src/store/types.js';
import type { CallbackPayload, CallbackSender } from './callback-sender.js';

export function addressOfInbound(inbound: Inbound): ConversationAddress {
  return { channel: inbound.channel, conversationKey: inbound.conversationKey, userId: inbound.userId, replyContext: inbound.replyContext ?? null };
}

/** The callback carrying the bot's answer to one customer message (null when the bot stays silent: staff own the conversation). */
export function answerCallback(sender: CallbackSender, inbound: Inbound, outcome: Outcome): CallbackPayload | null {
  if (!outcome.reply) return null;
  return sender.payloadFor(
    addressOfInbound(inbound),
    { author: 'bot', text: outcome.reply, citations: outcome.citations },
    { inReplyTo: inbound.messageId, outcome: { ...outcome, duplicate: false } },
  );
}

/**
 * Late replies of one webhook channel: the prepared message is the whole signed-callback
 * body, id included, so a resend after a crash carries the id the shop already saw.
 */
export class CallbackReplies implements DeferredReplySender {
  readonly channel: string;
  /** The callback's `id` is the shop's idempotency key: a resend after a crash mid-send is harmless. */
  readonly idempotent = true;

  constructor(
    private readonly sender: CallbackSender,
    /** Words the apology the same way every channel does. */
    private readonly turns: Pick<TurnRunner, 'apology'>,
    private readonly language: Language,
  ) {
    this.channel = sender.channel;
  }

  answer(entry: InboxEntry, outcome: Outcome): string | null {
    const payload = answerCallback(this.sender, entry.inbound, outcome);
    return payload ? JSON.stringify(payload) : null;
  }

  apology(entry: InboxEntry): string | null {
    const text = this.turns.apology(this.language).text;
    return JSON.stringify(this.sender.payloadFor(addressOfInbound(entry.inbound), { author: 'system', text }, { inReplyTo: entry.messageId, error: 'turn_failed' }));
  }

  async send(prepared: string): Promise<void> {
    await this.sender.deliver(JSON.parse(prepared) as CallbackPayload);
  }
}
