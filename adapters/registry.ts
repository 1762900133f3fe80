import type { ChannelAdapter, SettingsShape } from './channel-adapter.js';
import { discordChannel } from './discord/index.js';
import { slackChannel } from './slack/index.js';
import { teamsChannel } from './teams/index.js';
import { chatApiChannel, widgetChannel } from './web/index.js';
import { webhookChannel } from './webhook/index.js';
import { wechatChannel } from './wechat/index.js';

/**
 * Every channel the server offers, in the order their routes are mounted. Adding a channel is
 * a folder under adapters/ and a line here: its settings join the app's configuration, its
 * routes the server, its senders the core (see docs/channels/adding-a-channel.md).
 */
export const channelAdapters = [chatApiChannel, widgetChannel, slackChannel, wechatChannel, webhookChannel, teamsChannel, discordChannel] as const;

type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void ? I : never;

/** The variables of every channel in `adapters`, as one zod shape for the app's config. */
export function settingsOfChannels<const A extends readonly ChannelAdapter[]>(adapters: A): UnionToIntersection<A[number]['settings']> {
  const shape: Record<string, SettingsShape[string]> = {};
  for (const adapter of adapters) {
    for (const [key, schema] of Object.entries(adapter.settings)) {
      if (key in shape) throw new Error(`channel "${adapter.name}" declares ${key}, which another channel already declares`);
      shape[key] = schema;
    }
  }
  return shape as UnionToIntersection<A[number]['settings']>;
}

export function secretKeysOfChannels(adapters: readonly ChannelAdapter[]): string[] {
  return adapters.flatMap((adapter) => adapter.secretKeys);
}

export const channelSettings = settingsOfChannels(channelAdapters);
export const channelSecretKeys = secretKeysOfChannels(channelAdapters);
