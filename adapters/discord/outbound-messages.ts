import { EmbedBuilder, escapeMarkdown, type MessageCreateOptions } from 'discord.js';
import type { OutboundMessage } from '../../src/core/channels.js';
import type { Citation, Language } from '../../src/domain/types.js';
import { detectLanguage } from '../../src/text/language.js';
import { splitText } from '../shared/text-chunks.js';

/** Discord's limit for a message's content, counted in Unicode code points. */
export const discordMessageLimit = 2000;

const labels: Record<Language, { sources: string; staff: string }> = {
  en: { sources: 'Sources', staff: 'support team' },
  zh: { sources: '参考来源', staff: '客服团队' },
};

function sourcesEmbed(citations: readonly Citation[], language: Language): EmbedBuilder {
  const lines = citations.map((c, i) => `${i + 1}. ${c.section ? `**${escapeMarkdown(c.section)}** — ` : ''}${escapeMarkdown(c.source)}`);
  return new EmbedBuilder().setTitle(labels[language].sources).setDescription(lines.join('\n').slice(0, 4096)).setColor(0x5865f2);
}

/**
 * One reply as the Discord messages that carry it: split at 2,000 code points on paragraph
 * or sentence ends, staff replies saying who writes, the sources as an embed on the last
 * part. Nobody is pinged by what the bot relays (`@everyone` in a quoted policy, a staff
 * member's text) except the customer named in `mention`, on the first part only.
 */
export function discordMessagesFor(message: OutboundMessage, options: { defaultLanguage: Language; mention?: string }): MessageCreateOptions[] {
  const language = detectLanguage(message.text, options.defaultLanguage).language;
  const prefix = [
    options.mention ? `<@${options.mention}>` : '',
    message.author === 'staff' ? `**${escapeMarkdown(message.authorName ?? 'Support')}** · ${labels[language].staff}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const body = prefix ? `${prefix}\n${message.text}` : message.text;
  const parts = splitText(body, discordMessageLimit);
  const citations = message.author === 'bot' ? (message.citations ?? []) : [];
  return parts.map((content, index) => ({
    content,
    allowedMentions: { parse: [], users: index === 0 && options.mention ? [options.mention] : [] },
    ...(index === parts.length - 1 && citations.length > 0 ? { embeds: [sourcesEmbed(citations, language)] } : {}),
  }));
}
