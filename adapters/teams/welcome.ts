import type { TurnContext } from 'botbuilder';
import { ActivityTypes } from 'botbuilder';
import { conversationKeyOf, teamsChannelName } from './conversation-reference.js';
import { languageOfLocale, type CustomerMessageDependencies } from './customer-message.js';

/**
 * Greets a customer who has just installed the bot for a personal chat, once per chat: a
 * redelivered or repeated `conversationUpdate` (reinstalling keeps the chat) claims the same
 * delivery slot in the store and says nothing. In a team or group chat the bot stays quiet
 * until someone @mentions it.
 */
export async function welcomeNewPersonalChat(deps: Pick<CustomerMessageDependencies, 'store' | 'templates' | 'logger' | 'defaultLanguage'>, context: TurnContext): Promise<void> {
  const activity = context.activity;
  const botAdded = (activity.membersAdded ?? []).some((member) => member.id === activity.recipient.id);
  if (!botAdded || (activity.conversation.conversationType ?? 'personal') !== 'personal') {
    deps.logger.debug({ conversationType: activity.conversation.conversationType, botAdded }, 'teams conversationUpdate: no greeting');
    return;
  }
  const slot = `welcome:${conversationKeyOf(activity.conversation.id)}`;
  const { created } = await deps.store.deliveries.open(teamsChannelName, slot);
  if (!created) {
    deps.logger.info('teams personal chat was greeted before: no second greeting');
    return;
  }
  const language = languageOfLocale(activity.locale, deps.defaultLanguage);
  await context.sendActivity({ type: ActivityTypes.Message, text: deps.templates.render('replies/greeting', language, {}) });
}
