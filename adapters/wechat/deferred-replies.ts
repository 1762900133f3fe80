import type { ChannelSender } from '../../src/core/channels.js';
import type { DeferredReplySender } from '../../src/core/deferred-replies.js';
import type { Language, Outcome } from '../../src/domain/types.js';
import type { TurnRunner } from '../shared/turn-runner.js';
import type { InboxEntry } from '../../src/store/types.js';
import type { PlatformApi } from './platform-api.js';

/** A late reply as stored before its first send: who gets it, and through which path. */
export interface PreparedReply {
  to: string;
  text: string;
  /** The customer-service account that writes (微信客服's open_kfid). */
  account?: string;
  /** 微信客服's one-time welcome code: the welcome goes through send_msg_on_event with it. */
  welcomeCode?: string;
}

export const prepareReply = (reply: PreparedReply): string | null => (reply.text ? JSON.stringify(reply) : null);

/** Late replies of one WeChat-family channel, sent as text messages through its platform API. */
export class PlatformReplies implements DeferredReplySender {
  /** The send APIs take no idempotency key: a message is never sent twice, an interrupted send is reported. */
  readonly idempotent = false;

  constructor(
    readonly channel: string,
    private readonly sender: ChannelSender,
    /** Words the apology the same way every channel does. */
    private readonly turns: Pick<TurnRunner, 'apology'>,
    private readonly language: Language,
    private readonly api: PlatformApi,
    /** 微信客服: its welcome goes through send_msg_on_event with the event's one-time code. */
    private readonly welcomes = false,
  ) {}

  /** The access token is fetched (or read from the shared cache) before the send is claimed. */
  async warmUp(): Promise<void> {
    await this.api.currentToken();
  }

  private recipient(entry: InboxEntry): Pick<PreparedReply, 'to' | 'account'> {
    const account = entry.inbound.replyContext?.account;
    return { to: entry.inbound.userId, ...(typeof account === 'string' ? { account } : {}) };
  }

  answer(entry: InboxEntry, outcome: Outcome): string | null {
    return prepareReply({ ...this.recipient(entry), text: outcome.reply });
  }

  apology(entry: InboxEntry): string | null {
    return prepareReply({ ...this.recipient(entry), text: this.turns.apology(this.language).text });
  }

  async send(prepared: string): Promise<void> {
    const reply = JSON.parse(prepared) as PreparedReply;
    if (reply.welcomeCode && this.welcomes) {
      await this.api.post('/cgi-bin/kf/send_msg_on_event', { code: reply.welcomeCode, msgtype: 'text', text: { content: reply.text } });
      return;
    }
    await this.sender.send(
      { channel: this.channel, conversationKey: reply.to, userId: reply.to, replyContext: reply.account ? { account: reply.account } : null },
      { author: 'bot', text: reply.text },
    );
  }
}
