import type { Attachment } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import type { Citation, Language } from '../../src/domain/types.js';

const heading: Record<Language, string> = { en: 'Sources', zh: '参考来源' };

/**
 * The policy passages an answer rests on, as an Adaptive Card under the reply: the customer
 * sees which document and section to trust, and the answer text stays a normal chat message
 * (notifications, search and screen readers read it as text). Each source is a RichTextBlock
 * of TextRuns, which are never read as markdown, so a file name like `return_policy_v2.md`
 * shows as written. Version 1.4 renders on every Teams client, desktop, web and mobile.
 */
export function citationCard(citations: readonly Citation[], language: Language): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: heading[language], weight: 'Bolder', size: 'Small', wrap: true },
      ...citations.map((citation, index) => ({
        type: 'RichTextBlock',
        spacing: 'Small',
        inlines: [
          { type: 'TextRun', text: `${index + 1}. `, isSubtle: true },
          ...(citation.section
            ? [
                { type: 'TextRun', text: citation.section, weight: 'Bolder' },
                { type: 'TextRun', text: ' — ', isSubtle: true },
              ]
            : []),
          { type: 'TextRun', text: citation.source, isSubtle: true },
        ],
      })),
    ],
  });
}
