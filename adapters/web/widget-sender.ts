import type { ChannelSender, ConversationAddress } from '../../src/core/channels.js';
import type { PushFeed } from './push-feed.js';

/**
 * Staff replies and handoff notices are already in the transcript when `send` is called;
 * delivering them to a widget means waking its open push stream, which reads them from there.
 * A visitor with no stream open (the page is closed) gets them with the history next time.
 */
export class WidgetSender implements ChannelSender {
  readonly channel = 'widget';

  constructor(private readonly feed: PushFeed) {}

  async send(to: ConversationAddress): Promise<void> {
    this.feed.wake(to.conversationKey);
  }
}
