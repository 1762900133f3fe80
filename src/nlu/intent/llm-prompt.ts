import type { ChatMessage } from '../../llm/chat-model.js';
import type { IntentInput } from './classifier.js';
import { allIntentLabels, intentLabels } from './labels.js';

/**
 * The classification prompt, built from the label list so it can never name a label the
 * code does not know. English instructions serve both languages; the examples show the
 * boundaries people and models most often get wrong.
 */
export function classificationMessages({ text, language }: IntentInput): ChatMessage[] {
  const labels = allIntentLabels.map((label) => `- ${label}: ${intentLabels[label]}`).join('\n');
  const system = [
    "You classify one customer message sent to an online shop's after-sales chat (Chinese, English or mixed).",
    'Choose exactly one intent from this list:',
    labels,
    '',
    'Boundaries: "I want my money back" is refund_policy; "where is my refund" is refund_status.',
    '"It broke after two months" is warranty_repair; "it arrived broken, send another" is exchange.',
    '"How long does shipping take" is shipping_info; "my parcel has not arrived" is order_status.',
    'A message that only greets, thanks or says goodbye is greeting. If nothing fits, use other.',
    '',
    'Also extract, only when the message states them, copied exactly as written:',
    'orderNumber, trackingNumber, product (the item, e.g. "earbuds", "电饭煲"), amount (with its currency or unit), date.',
    '',
    'Answer with one JSON object and nothing else:',
    '{"intent": "<label>", "confidence": <0..1>, "entities": {"orderNumber": "...", "product": "..."}}',
    'Leave out entities the message does not contain.',
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: `Message (${language === 'zh' ? 'Chinese' : 'English'}):\n${text}` },
  ];
}
