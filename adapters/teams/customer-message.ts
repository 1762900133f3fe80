import type { TurnContext } from 'botbuilder';
import { ActivityTypes } from 'botbuilder';
import type { BackgroundTasks } from '../../src/background-tasks.js';
import type { ConversationAddress, OutboundMessage } from '../../src/core/channels.js';
import { isWithStaff } from '../../src/core/turn.js';
import type { Inbound, Language } from '../../src/domain/types.js';
import type { Templates } from '../../src/llm/templates.js';
import type { Logger } from '../../src/logger.js';
import type { Store } from '../../src/store/types.js';
import { keepTyping } from '../shared/keep-typing.js';
import { late, withinBudget, type TurnRunner } from '../shared/turn-runner.js';
import { conversationKeyOf, messageIdOf, replyContextOf, teamsChannelName } from './conversation-reference.js';
import { outboundActivity } from './outbound-activity.js';
import type { TeamsSender } from './teams-sender.js';
import { customerText, mediaKinds, mentionsBot } from './teams-text.js';

export interface CustomerMessageDependencies {
  turns: TurnRunner;
  store: Store;
  templates: Templates;
  sender: TeamsSender;
  background: BackgroundTasks;
  logger: Logger;
  defaultLanguage: Language;
  /** How long the request waits for the answer before it goes out as a proactive message. */
  replyBudgetMs: number;
}

/** At once (Teams shows nothing else while the request is open), then before the indicator fades at about 3 s. */
const typingRhythm = { firstAfterMs: 0, everyMs: 2500 };

export function languageOfLocale(locale: string | undefined, fallback: Language): Language {
  const tag = locale?.toLowerCase() ?? '';
  return tag.startsWith('zh') ? 'zh' : tag.startsWith('en') ? 'en' : fallback;
}

/**
 * One customer message: a turn of the core while "typing…" shows, and the answer in the
 * same conversation (a channel answer lands in the mention's thread). Within the reply
 * budget it is sent as the turn's reply; a slower answer follows as a proactive message
 * after the request has been acknowledged, so Teams never times out and redelivers. A
 * redelivered activity is a duplicate in the core's inbox and gets no second answer.
 */
export async function handleCustomerMessage(deps: CustomerMessageDependencies, context: TurnContext): Promise<void> {
  const { logger } = deps;
  const activity = context.activity;
  const personal = (activity.conversation.conversationType ?? 'personal') === 'personal';
  if (!personal && !mentionsBot(activity)) {
    logger.debug({ conversationType: activity.conversation.conversationType }, 'teams channel message without a mention of the bot ignored');
    return;
  }
  const conversationKey = conversationKeyOf(activity.conversation.id);
  const replyContext = { ...replyContextOf(activity) };
  const address: ConversationAddress = { channel: teamsChannelName, conversationKey, userId: activity.from.id, replyContext };
  let text = customerText(activity);
  if (!text) {
    const media = mediaKinds(activity);
    if (media.length === 0) {
      // An Adaptive Card submit or an empty message: nothing to answer.
      logger.debug({ hasValue: activity.value !== undefined }, 'teams message without text ignored');
      return;
    }
    const conversation = await deps.store.conversations.findByKey(teamsChannelName, conversationKey);
    if (!conversation || !isWithStaff(conversation.state)) {
      // Claimed, so that a redelivered activity does not get the note twice.
      if (!(await deps.store.deliveries.open(teamsChannelName, `media-note:${messageIdOf(activity.conversation.id, activity.id ?? '')}`)).created) return;
      const language = conversation?.language ?? languageOfLocale(activity.locale, deps.defaultLanguage);
      await context.sendActivity({ type: ActivityTypes.Message, text: deps.templates.render('replies/media-not-supported', language, {}) });
      return;
    }
    // Staff read everything the customer sends while they have the conversation.
    text = media.map((kind) => `[${kind}]`).join(' ');
  }

  const inbound: Inbound = {
    channel: teamsChannelName,
    conversationKey,
    userId: activity.from.id,
    userName: activity.from.name?.slice(0, 256) || undefined,
    messageId: messageIdOf(activity.conversation.id, activity.id ?? `${Date.now()}`),
    text,
    timestamp: activity.timestamp ?? new Date(),
    replyContext,
  };
  const answer = answerFor(deps, inbound, languageOfLocale(activity.locale, deps.defaultLanguage));
  // Teams shows "typing…" in personal and group chats; channels have no indicator to show.
  const typing =
    activity.conversation.conversationType === 'channel'
      ? { stop: async () => {} }
      : keepTyping(
          () => context.sendActivity({ type: ActivityTypes.Typing }),
          typingRhythm,
          (error) => logger.warn({ err: error }, 'teams typing indicator could not be sent'),
        );
  const inTime = await withinBudget(deps.replyBudgetMs, answer);
  await typing.stop();
  if (inTime !== late) {
    if (inTime) await context.sendActivity(outboundActivity(inTime, deps.defaultLanguage));
    return;
  }
  logger.info({ messageId: inbound.messageId, budgetMs: deps.replyBudgetMs }, 'teams answer not ready within the budget: it follows as a proactive message');
  deps.background.run(`teams late reply ${inbound.messageId}`, async () => {
    const message = await answer;
    if (message) await deps.sender.send(address, message);
  });
}

/** The message to send for this turn, or null when nothing should be sent. Never rejects. */
async function answerFor(deps: CustomerMessageDependencies, inbound: Inbound, localeLanguage: Language): Promise<OutboundMessage | null> {
  const result = await deps.turns.run(inbound, { fallbackLanguage: localeLanguage });
  if (result.kind === 'failed') return result.apology;
  return result.kind === 'answered' ? result.reply : null;
}
