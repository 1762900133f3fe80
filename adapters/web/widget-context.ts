import type { Conversation } from '../../src/domain/types.js';
import type { ChannelContext } from '../channel-adapter.js';
import type { WidgetSettings } from './settings.js';
import type { PushFeed } from './push-feed.js';
import type { WidgetMessages } from './widget-messages.js';
import type { WidgetTokens } from './widget-token.js';

/** The widget's channel name in the core: its conversations are reachable only with a signed token. */
export const widgetChannel = 'widget';

export interface WidgetContext {
  channel: ChannelContext<WidgetSettings>;
  tokens: Promise<WidgetTokens>;
  feed: PushFeed;
  messages: WidgetMessages;
}

export const findConversation = (ctx: WidgetContext, key: string): Promise<Conversation | null> => ctx.channel.store.conversations.findByKey(widgetChannel, key);
