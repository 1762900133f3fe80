import type { ChannelSender, ConversationAddress, OutboundMessage } from '../../src/core/channels.js';
import type { PlatformApi } from './platform-api.js';
import { splitForMessages } from './text-chunks.js';

/**
 * Writes into a conversation outside a callback (late answers, staff replies) through the
 * platform's message API, one text message per chunk of at most 2047 bytes, in order.
 * Failures (outside the 48-hour window, quota used up) throw a `WeChatApiError` that says why.
 */
export class PlatformTextSender implements ChannelSender {
  constructor(
    readonly channel: string,
    private readonly api: PlatformApi,
    private readonly path: string,
    private readonly body: (to: ConversationAddress, content: string) => Record<string, unknown>,
  ) {}

  async send(to: ConversationAddress, message: OutboundMessage): Promise<void> {
    for (const part of splitForMessages(message.text)) await this.api.post(this.path, this.body(to, part));
  }
}

/** Official Account customer-service message API (客服消息). */
export function customerServiceSender(api: PlatformApi): PlatformTextSender {
  return new PlatformTextSender('wechat', api, '/cgi-bin/message/custom/send', (to, content) => ({
    touser: to.userId,
    msgtype: 'text',
    text: { content },
  }));
}

/** WeCom self-built application message API (应用消息). */
export function wecomAppSender(api: PlatformApi, agentId: number): PlatformTextSender {
  return new PlatformTextSender('wecom', api, '/cgi-bin/message/send', (to, content) => ({
    touser: to.userId,
    msgtype: 'text',
    agentid: agentId,
    text: { content },
  }));
}
