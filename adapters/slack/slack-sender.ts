import type { ChannelSender, ConversationAddress, OutboundMessage } from '../../src/core/channels.js';
import type { FollowUp } from '../../src/domain/types.js';
import { escapeMrkdwn, markdownToMrkdwn } from './slack-text.js';
import type { SlackClient } from './web-client.js';

export const slackChannelName = 'slack';

/** Where a Slack customer conversation lives: a DM, or a thread in the support channel. */
export interface SlackReplyContext {
  channel: string;
  threadTs?: string;
}

export function replyContextOf(to: ConversationAddress): SlackReplyContext {
  const context = to.replyContext as Partial<SlackReplyContext> | null;
  if (context?.channel) return { channel: context.channel, ...(context.threadTs ? { threadTs: context.threadTs } : {}) };
  // Older rows without a context: the key is "<dm channel>" or "<channel>:<thread ts>".
  const [channel, threadTs] = to.conversationKey.split(':');
  return { channel: channel!, ...(threadTs ? { threadTs } : {}) };
}

export function formatOutbound(message: OutboundMessage): string {
  if (message.author === 'staff') {
    // Staff text was converted to plain text on its way in; show who is speaking.
    return `*${escapeMrkdwn(message.authorName ?? 'Support team')}* · support team\n${escapeMrkdwn(message.text)}`;
  }
  return markdownToMrkdwn(message.text);
}

/** The answer as a section, then one button per suggested question (`follow_up_<n>`, value: the text to ask). */
export function followUpBlocks(text: string, followUps: readonly FollowUp[]) {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } },
    {
      type: 'actions',
      elements: followUps.slice(0, 5).map((followUp, i) => ({
        type: 'button',
        action_id: `follow_up_${i}`,
        text: { type: 'plain_text', text: followUp.title.slice(0, 75) },
        value: followUp.text.slice(0, 2000),
      })),
    },
  ];
}

/** Writes into a Slack customer's DM or support thread: bot replies, staff replies, notices. */
export class SlackSender implements ChannelSender {
  readonly channel = slackChannelName;

  constructor(private readonly client: SlackClient) {}

  async send(to: ConversationAddress, message: OutboundMessage): Promise<void> {
    const { channel, threadTs } = replyContextOf(to);
    const text = formatOutbound(message);
    await this.client.chat.postMessage({
      channel,
      text,
      ...(message.followUps?.length ? { blocks: followUpBlocks(text, message.followUps) } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
  }
}
