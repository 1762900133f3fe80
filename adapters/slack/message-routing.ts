import { z } from 'zod';
import type { SlackSettings } from './settings.js';
import type { SlackReplyContext } from './slack-sender.js';

/** The fields of a Slack message or app_mention event this adapter reads. */
export const slackMessageSchema = z.object({
  type: z.enum(['message', 'app_mention']),
  channel: z.string().min(1),
  user: z.string().optional(),
  text: z.string().optional().default(''),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  channel_type: z.string().optional(),
});
export type SlackMessage = z.infer<typeof slackMessageSchema>;

/** Subtypes that are still a person writing; edits, deletions, joins and bot posts are not. */
const personSubtypes = new Set([undefined, 'file_share', 'thread_broadcast']);

export type MessageRoute =
  { role: 'customer'; conversationKey: string; replyContext: SlackReplyContext; onlyIfKnown: boolean } | { role: 'staff'; channel: string; threadTs: string };

/** Who wrote this and where it belongs; null for anything the app should not act on. */
export function routeMessage(message: SlackMessage, settings: Pick<SlackSettings, 'staffChannel' | 'supportChannel'>): MessageRoute | null {
  if (message.bot_id || !message.user || !personSubtypes.has(message.subtype)) return null;
  const { channel, ts } = message;
  const inThread = message.thread_ts !== undefined && message.thread_ts !== ts;
  if (channel === settings.staffChannel) {
    // Staff channel top-level chatter is staff business; only thread replies go to a customer.
    return message.type === 'message' && inThread ? { role: 'staff', channel, threadTs: message.thread_ts! } : null;
  }
  if (message.channel_type === 'im' || (message.channel_type === undefined && channel.startsWith('D'))) {
    if (message.type !== 'message') return null;
    return {
      role: 'customer',
      conversationKey: channel,
      replyContext: { channel, ...(inThread ? { threadTs: message.thread_ts! } : {}) },
      onlyIfKnown: false,
    };
  }
  if (channel === settings.supportChannel) {
    const root = message.thread_ts ?? ts;
    const replyContext = { channel, threadTs: root };
    // A mention starts (or continues) a conversation; a plain reply continues one the app is already in.
    if (message.type === 'app_mention') return { role: 'customer', conversationKey: `${channel}:${root}`, replyContext, onlyIfKnown: false };
    return inThread ? { role: 'customer', conversationKey: `${channel}:${root}`, replyContext, onlyIfKnown: true } : null;
  }
  return null;
}
