import type { FollowUp, Language } from '../../src/domain/types.js';
import { detectLanguage } from '../../src/text/language.js';

const heading: Record<Language, string> = { en: 'You can also ask about:', zh: '您也可以问：' };

/**
 * Follow-ups for channels that show only text (WeChat, Discord): numbered lines under the
 * answer, which the customer can copy or answer with the title. Buttons replace these where
 * the platform has them (widget, Slack, Teams).
 */
export function withFollowUpLines(text: string, followUps: readonly FollowUp[] | undefined, defaultLanguage: Language = 'en'): string {
  if (!text || !followUps?.length) return text;
  const language = detectLanguage(text, defaultLanguage).language;
  return `${text}\n\n${heading[language]}\n${followUps.map((f, i) => `${i + 1}. ${f.title}`).join('\n')}`;
}
