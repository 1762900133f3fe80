import type { EscalationCard, StaffDesk, ThreadNote } from '../../src/handoff/staff-desk.js';
import { escalationBlocks, escalationFallback, slackTime } from './escalation-blocks.js';
import { escapeMrkdwn, truncate } from './slack-text.js';
import { mention } from './staff-member.js';
import { decodeThread, encodeThread } from './thread-ref.js';
import type { SlackClient } from './web-client.js';

function noteText(note: ThreadNote): string {
  switch (note.kind) {
    case 'customer_message':
      return `:bust_in_silhouette: *Customer:* ${truncate(escapeMrkdwn(note.text), 3500)}`;
    case 'bot_message':
      return `:robot_face: *Bot:* ${truncate(escapeMrkdwn(note.text), 3500)}`;
    case 'taken':
      return `:raising_hand: ${mention(note.by)} took over at ${slackTime(note.at, '{time}')}. The customer was told someone has joined; the bot stays quiet.`;
    case 'resolved':
      return `:white_check_mark: ${mention(note.by)} resolved this at ${slackTime(note.at, '{time}')}.${note.ratingRequested ? ' The customer was asked for a 1–5 rating.' : ''}`;
    case 'handed_back':
      return `:leftwards_arrow_with_hook: ${mention(note.by)} handed the customer back to the bot at ${slackTime(note.at, '{time}')}.`;
    case 'reminder':
      return `:alarm_clock: Still waiting: nobody has taken this over for ${note.waitingMinutes} min (reminder ${note.reminder} of ${note.of}).`;
    case 'rating':
      return `:star: The customer rated this conversation *${note.rating}/5* ${'★'.repeat(note.rating)}${'☆'.repeat(5 - note.rating)}`;
    case 'staff_reply':
      return `:speech_balloon: ${mention(note.by)} replied from the console: ${truncate(escapeMrkdwn(note.text), 3500)}`;
    case 'internal_note':
      return `:lock: Internal note by ${mention(note.by)}: ${truncate(escapeMrkdwn(note.text), 3500)}`;
    case 'customer_unreachable':
      return `:warning: The customer could not be reached on ${escapeMrkdwn(note.channel)}: ${truncate(escapeMrkdwn(note.error), 300)}`;
  }
}

/** The staff desk in a Slack channel: one message per escalation, its thread for everything after. */
export class SlackStaffDesk implements StaffDesk {
  readonly name = 'slack';

  constructor(
    private readonly client: SlackClient,
    private readonly staffChannel: string,
  ) {}

  async publish(card: EscalationCard): Promise<string> {
    const posted = await this.client.chat.postMessage({
      channel: this.staffChannel,
      text: escalationFallback(card),
      blocks: escalationBlocks(card),
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!posted.ts || !posted.channel) throw new Error('chat.postMessage returned no ts');
    return encodeThread({ channel: posted.channel, ts: posted.ts });
  }

  async update(staffThread: string, card: EscalationCard): Promise<void> {
    const { channel, ts } = decodeThread(staffThread);
    await this.client.chat.update({ channel, ts, text: escalationFallback(card), blocks: escalationBlocks(card) });
  }

  async note(staffThread: string, note: ThreadNote): Promise<void> {
    const { channel, ts } = decodeThread(staffThread);
    await this.client.chat.postMessage({
      channel,
      thread_ts: ts,
      text: noteText(note),
      // A reminder nobody sees is no reminder: it also shows in the channel.
      reply_broadcast: note.kind === 'reminder',
      unfurl_links: false,
      unfurl_media: false,
    });
  }
}
