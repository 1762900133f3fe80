import type { CloudAdapter } from 'botbuilder';
import type { ChannelSender, ConversationAddress, OutboundMessage } from '../../src/core/channels.js';
import type { Language } from '../../src/domain/types.js';
import { conversationReferenceOf, storedReplyContext, teamsChannelName } from './conversation-reference.js';
import { outboundActivity } from './outbound-activity.js';

/**
 * Writes into a Teams conversation outside any request from Teams — staff replies, handoff
 * notices, answers that took longer than the reply budget — from the conversation reference
 * stored with the customer's last message. The SDK signs the call with the bot's credentials.
 */
export class TeamsSender implements ChannelSender {
  readonly channel = teamsChannelName;

  constructor(
    private readonly adapter: CloudAdapter,
    /** Empty when the adapter runs unauthenticated (the Bot Framework Emulator). */
    private readonly botAppId: string,
    private readonly defaultLanguage: Language,
  ) {}

  async send(to: ConversationAddress, message: OutboundMessage): Promise<void> {
    const reference = conversationReferenceOf(storedReplyContext(to), to.userId);
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      // The SDK would make this a reply to its synthetic continuation event (a random id);
      // a proactive message is a new message in the chat or thread.
      context.onSendActivities(async (_context, activities, next) => {
        for (const activity of activities) delete activity.replyToId;
        return next();
      });
      await context.sendActivity(outboundActivity(message, this.defaultLanguage));
    });
  }
}
