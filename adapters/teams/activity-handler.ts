import type { TurnContext } from 'botbuilder';
import { ActivityTypes } from 'botbuilder';
import type { Logger } from '../../src/logger.js';
import { handleCustomerMessage, type CustomerMessageDependencies } from './customer-message.js';
import { welcomeNewPersonalChat } from './welcome.js';

/**
 * What the bot does with each kind of activity Teams sends. Anything not listed is
 * acknowledged and ignored on purpose:
 * - `message`: a customer message (personal chat, or a channel / group chat @mention).
 * - `conversationUpdate`: a greeting when someone installs the bot for a personal chat;
 *   the bot joining a team or group chat, and members coming and going, say nothing.
 * - `invoke`: none are registered in the app manifest (no card actions, message
 *   extensions or sign-in), so the SDK answers 501 Not Implemented, as Teams expects.
 * - `messageReaction`, `messageUpdate`, `messageDelete`: the turn already answered the
 *   original words; reactions and edits are not new questions.
 * - `installationUpdate`: the `conversationUpdate` that comes with it greets.
 * - `typing`, `endOfConversation`, `event`: nothing to do.
 */
export function teamsActivityHandler(deps: CustomerMessageDependencies): (context: TurnContext) => Promise<void> {
  const { logger } = deps;
  return async (context) => {
    const activity = context.activity;
    switch (activity.type) {
      case ActivityTypes.Message:
        return handleCustomerMessage(deps, context);
      case ActivityTypes.ConversationUpdate:
        return welcomeNewPersonalChat(deps, context);
      default:
        logIgnored(logger, activity.type, activity.name);
    }
  };
}

function logIgnored(logger: Logger, type: string, name: string | undefined): void {
  logger.debug({ type, name }, 'teams activity ignored');
}
