/**
 * Slack's message markup ("mrkdwn") in and out: staff write it, customers on other channels
 * must not see it, and text we post must not be read as markup by accident.
 */

/** The three characters Slack requires escaped in any text it should show literally. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Common Markdown (what language models write) to Slack mrkdwn, escaping everything else. */
export function markdownToMrkdwn(text: string): string {
  return escapeMrkdwn(text)
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_, label: string, url: string) => `<${url}|${label}>`)
    .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
    .replace(/__([^_\n]+)__/g, '_$1_')
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*');
}

/**
 * What a Slack message says, as plain text for a customer on another channel: links keep
 * their address, mentions their name, and entities are decoded.
 */
export function slackToPlainText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, (_, url: string, label: string) => (label === url ? url : `${label} (${url.replace(/^mailto:/, '')})`))
    .replace(/<((?:https?|mailto):[^>]+)>/g, (_, url: string) => url.replace(/^mailto:/, ''))
    .replace(/<[@#][A-Z0-9]+\|([^>]+)>/g, (_, name: string) => `@${name}`)
    .replace(/<@[A-Z0-9]+>/g, '')
    .replace(/<#[A-Z0-9]+>/g, '')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]+))?>/g, (_, name?: string) => name ?? '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** The customer's words without the leading @mention of the app that started them. */
export function withoutMention(text: string, botUserId: string | undefined): string {
  const own = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g') : /^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/;
  return text.replace(own, '').trim();
}

/** Cuts text to Slack's per-field limits without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
