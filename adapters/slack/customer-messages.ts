import type { Engine } from '../../src/core/engine.js';
import { MessageInProgressError, TurnFailedError } from '../../src/core/errors.js';
import type { Inbound, Language } from '../../src/domain/types.js';
import type { Templates } from '../../src/llm/templates.js';
import type { Logger } from '../../src/logger.js';
import { detectLanguage } from '../../src/text/language.js';
import type { Store } from '../../src/store/types.js';
import type { SlackMessage } from './message-routing.js';
import { slackChannelName, type SlackReplyContext, type SlackSender } from './slack-sender.js';
import { slackToPlainText, withoutMention } from './slack-text.js';

export interface CustomerMessageDependencies {
  engine: Engine;
  store: Store;
  templates: Templates;
  defaultLanguage: Language;
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
  let outcome;
  try {
    outcome = await deps.engine.handle(inbound);
  } catch (error) {
    const cause = error instanceof TurnFailedError ? error.cause : error;
    if (cause instanceof MessageInProgressError) {
      logger.info({ messageId: inbound.messageId, retryNum: context.retryNum }, 'slack message already being answered by another worker');
      return;
    }
    // The engine logged the failure and kept the message for `aftercare inbox retry`; the customer should not wait in silence.
    const language = detectLanguage(text, deps.defaultLanguage).language;
    await deps.sender
      .send(address, { author: 'system', text: deps.templates.render('channel/temporary-failure', language, {}) })
      .catch((sendError: unknown) => logger.error({ err: sendError }, 'could not tell a slack customer about a failed turn'));
    return;
  }
  if (outcome.duplicate) {
    logger.info({ messageId: inbound.messageId, retryNum: context.retryNum }, 'slack redelivery ignored: already answered');
    return;
  }
  if (!outcome.reply) return;
  await deps.sender.send(address, { author: 'bot', text: outcome.reply, citations: outcome.citations, followUps: outcome.followUps });
}
