import type { Inbound } from '../../src/domain/types.js';
import type { Logger } from '../../src/logger.js';
import type { Store } from '../../src/store/types.js';
import type { TurnRunner } from '../shared/turn-runner.js';
import type { SlackMessage } from './message-routing.js';
import { slackChannelName, type SlackReplyContext, type SlackSender } from './slack-sender.js';
import { slackToPlainText, withoutMention } from './slack-text.js';

export interface CustomerMessageDependencies {
  turns: TurnRunner;
  store: Store;
  sender: SlackSender;
  logger: Logger;
}

const maxText = 20_000;

/**
 * One customer message: a turn in the core, then the reply posted where it was asked. The
 * event was acknowledged before this runs, so a slow turn never makes Slack retry; a retry
 * or a second event for the same message (app_mention and message) is a duplicate in the
 * core's inbox and gets no second reply.
 */
export async function handleCustomerMessage(
  deps: CustomerMessageDependencies,
  message: SlackMessage,
  route: { conversationKey: string; replyContext: SlackReplyContext; onlyIfKnown: boolean },
  context: { botUserId?: string; retryNum?: number },
): Promise<void> {
  const { logger } = deps;
  if (route.onlyIfKnown) {
    // A plain reply in a support thread continues the customer's own conversation; anyone else
    // (a colleague answering directly, another customer) must @mention the app to talk to it.
    const known = await deps.store.conversations.findByKey(slackChannelName, route.conversationKey);
    if (known?.userId !== message.user) return;
  }
  const text = slackToPlainText(withoutMention(message.text, context.botUserId)).slice(0, maxText);
  if (!text) {
    logger.debug({ subtype: message.subtype }, 'slack message without text ignored');
    return;
  }
  const inbound: Inbound = {
    channel: slackChannelName,
    conversationKey: route.conversationKey,
    userId: message.user!,
    messageId: `${message.channel}:${message.ts}`,
    text,
    timestamp: new Date(Number(message.ts) * 1000),
    replyContext: { ...route.replyContext },
  };
  const address = { channel: slackChannelName, conversationKey: route.conversationKey, userId: inbound.userId, replyContext: inbound.replyContext! };
  const result = await deps.turns.run(inbound);
  if (result.kind === 'failed') {
    // The engine kept the message for `aftercare inbox retry`; the customer should not wait in silence.
    await deps.sender.send(address, result.apology).catch((sendError: unknown) => logger.error({ err: sendError }, 'could not tell a slack customer about a failed turn'));
    return;
  }
  if (result.kind !== 'answered' || !result.reply) return;
  await deps.sender.send(address, result.reply);
}
