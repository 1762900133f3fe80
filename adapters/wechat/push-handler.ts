import { isWithStaff } from '../../src/core/turn.js';
import type { Inbound, Language } from '../../src/domain/types.js';
import type { Templates } from '../../src/llm/templates.js';
import type { Logger } from '../../src/logger.js';
import type { Store } from '../../src/store/types.js';
import type { Push } from './push.js';
import { withFollowUpLines } from '../shared/follow-up-lines.js';
import type { TurnRunner } from '../shared/turn-runner.js';

/** What the customer is told in answer to one push; empty means nothing. */
export interface Answer {
  text: string;
}

export interface PushHandlerDependencies {
  channel: string;
  turns: TurnRunner;
  store: Store;
  templates: Templates;
  logger: Logger;
  /** For messages that carry no language of their own (a new follower, a picture). */
  defaultLanguage: Language;
}

const silent: Answer = { text: '' };

/**
 * Turns one push into the work that answers it. Customer text (and recognised speech) is a
 * turn of the conversation core; a follow is greeted; media the bot cannot read get a polite
 * note, unless staff own the conversation, in which case it joins the transcript for them.
 * Side effects outside the core (analytics events) happen on the first delivery only.
 */
function inboundOf(push: Push, channel: string, text: string): Inbound {
  return {
    channel,
    conversationKey: push.customer,
    userId: push.customer,
    messageId: push.messageId,
    text,
    timestamp: push.createdAt,
    replyContext: { account: push.account, ...(push.agentId ? { agentId: push.agentId } : {}) },
  };
}

/**
 * The turn a push always becomes (customer text, recognised speech), for the inbox before
 * the platform is acknowledged; null for pushes answered without one (events, media).
 */
export function turnInboundOf(push: Push, channel: string): Inbound | null {
  if (push.kind === 'text') return inboundOf(push, channel, push.text);
  if (push.kind === 'voice' && push.recognition) return inboundOf(push, channel, push.recognition);
  return null;
}

export function answerFor(push: Push, deps: PushHandlerDependencies): (first: boolean) => Promise<Answer> {
  const { channel, turns, store, templates, logger } = deps;
  const inbound = (text: string): Inbound => inboundOf(push, channel, text);
  const turn = async (text: string): Promise<Answer> => {
    const outcome = await turns.handle(inbound(text));
    return { text: withFollowUpLines(outcome.reply, outcome.followUps) };
  };
  const record = async (type: string, data: Record<string, unknown>) => {
    const conversation = await store.conversations.getOrCreate({ channel, conversationKey: push.customer, userId: push.customer });
    await store.events.record({ type, conversationId: conversation.id, data: { channel, ...data } });
    return conversation;
  };

  switch (push.kind) {
    case 'text':
      return () => turn(push.text);
    case 'voice':
      if (push.recognition) return () => turn(push.recognition!);
      return (first) => unreadable('voice', null, first);
    case 'media':
      return (first) => unreadable(push.mediaType, push.url, first);
    case 'event':
      return async (first) => {
        if (push.event === 'subscribe') {
          if (first) await record('channel_subscribed', { scene: push.eventKey });
          return { text: templates.render('replies/greeting', deps.defaultLanguage, {}) };
        }
        if (push.event === 'unsubscribe') {
          if (first) await record('channel_unsubscribed', {});
          return silent;
        }
        // Menu clicks, location reports, template-send receipts…: nothing to say.
        logger.debug({ channel, event: push.event }, 'event ignored');
        return silent;
      };
  }

  async function unreadable(mediaType: string, url: string | null, first: boolean): Promise<Answer> {
    const conversation = await store.conversations.findByKey(channel, push.customer);
    if (conversation && isWithStaff(conversation.state)) return turn(url ? `[${mediaType}] ${url}` : `[${mediaType}]`);
    if (first) await record('media_received', { mediaType });
    return { text: templates.render('replies/media-not-supported', conversation?.language ?? deps.defaultLanguage, {}) };
  }
}
