import type { Activity } from 'botbuilder';
import { ActivityTypes } from 'botbuilder';
import type { OutboundMessage } from '../../src/core/channels.js';
import type { Language } from '../../src/domain/types.js';
import { detectLanguage } from '../../src/text/language.js';
import { citationCard } from './citation-card.js';

const staffLabel: Record<Language, string> = { en: 'support team', zh: '客服团队' };

function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`[\]<>#])/g, '\\$1');
}

/**
 * One message for a Teams customer. Staff replies say who is writing (the bot account is the
 * only one that can post); bot answers carry their sources as an Adaptive Card.
 */
export function outboundActivity(message: OutboundMessage, defaultLanguage: Language): Partial<Activity> {
  const language = detectLanguage(message.text, defaultLanguage).language;
  const text = message.author === 'staff' ? `**${escapeMarkdown(message.authorName ?? 'Support')}** · ${staffLabel[language]}\n\n${message.text}` : message.text;
  const citations = message.author === 'bot' ? (message.citations ?? []) : [];
  return {
    type: ActivityTypes.Message,
    text,
    textFormat: 'markdown',
    ...(citations.length > 0 ? { attachments: [citationCard(citations, language)] } : {}),
    // Suggested actions: tapping one posts its text as the customer's next message (imBack).
    ...(message.author === 'bot' && message.followUps?.length
      ? { suggestedActions: { to: [], actions: message.followUps.map((f) => ({ type: 'imBack', title: f.title, value: f.text })) } }
      : {}),
  };
}
