import type { IntentResult, Language } from '../../domain/types.js';
import { intentLabels, intentLabelsZh, isIntentLabel } from './labels.js';

const entityNames: Record<string, Record<Language, string>> = {
  orderNumber: { en: 'order number', zh: '订单号' },
  trackingNumber: { en: 'tracking number', zh: '快递单号' },
  product: { en: 'product', zh: '商品' },
  amount: { en: 'amount', zh: '金额' },
  date: { en: 'date', zh: '日期' },
};

/**
 * One line for a reply prompt saying what the customer wants and what they named, e.g.
 * "Customer intent: refund_status (Where a refund … is) — confidence 0.93; order number:
 * 20240315887766". A low-confidence intent is marked as a guess so the model weighs it.
 */
export function intentForPrompt(intent: IntentResult, language: Language): string {
  const description = isIntentLabel(intent.label) ? (language === 'zh' ? intentLabelsZh : intentLabels)[intent.label] : '';
  const guess = intent.confidence < 0.5 ? (language === 'zh' ? '（不确定）' : ' (uncertain)') : '';
  const entities = Object.entries(intent.entities)
    .map(([name, value]) => `${entityNames[name]?.[language] ?? name}${language === 'zh' ? '：' : ': '}${value}`)
    .join(language === 'zh' ? '；' : '; ');
  const head = language === 'zh' ? `客户意图：${intent.label}（${description}）${guess}` : `Customer intent: ${intent.label} (${description})${guess}`;
  return entities ? `${head}${language === 'zh' ? '；' : '; '}${entities}` : head;
}
