import type { Activity } from 'botbuilder';
import { TurnContext } from 'botbuilder';
import { convert } from 'html-to-text';

const maxText = 20_000;
const markup = /<\/?[a-z][^>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i;

/**
 * What the customer wrote, as plain text: the bot's @mention removed (in a channel or group
 * chat Teams puts `<at>aftercare</at>` in front of every message to the bot), and the HTML
 * Teams uses for formatted messages turned into text.
 */
export function customerText(activity: Activity): string {
  // removeRecipientMention edits the activity in place; the turn keeps the original.
  const copy = { ...activity, entities: activity.entities ? [...activity.entities] : undefined } as Activity;
  const withoutMention = TurnContext.removeRecipientMention(copy) ?? activity.text ?? '';
  const text = markup.test(withoutMention)
    ? convert(withoutMention, {
        wordwrap: false,
        selectors: [
          { selector: 'a', options: { ignoreHref: true } },
          { selector: 'img', format: 'skip' },
        ],
      })
    : withoutMention;
  return text
    .replace(/\u00a0/g, ' ')
    .trim()
    .slice(0, maxText);
}

/** Whether a message in a channel or group chat is addressed to the bot (Teams only delivers those unless the app asks for more). */
export function mentionsBot(activity: Activity): boolean {
  return TurnContext.getMentions(activity).some((mention) => mention.mentioned?.id === activity.recipient?.id);
}

/** Files and pictures the customer sent, by kind, without the HTML copy of the text Teams attaches to formatted messages. */
export function mediaKinds(activity: Activity): string[] {
  return (activity.attachments ?? [])
    .map((attachment) => attachment.contentType ?? '')
    .filter((type) => type !== 'text/html' && !type.startsWith('application/vnd.microsoft.card'))
    .map((type) => (type.startsWith('image/') ? 'image' : type.startsWith('video/') ? 'video' : type.startsWith('audio/') ? 'audio' : 'file'));
}
