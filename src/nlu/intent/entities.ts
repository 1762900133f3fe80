import { productPattern } from './product-words.js';

/**
 * The entities after-sales turns hinge on, found in the (redacted) message:
 * - `orderNumber`: after a cue word (订单号, order, #…), or a bare run of 8–24 digits or a
 *   letters-then-digits code; a redaction placeholder after a cue counts too (a Luhn-valid
 *   order number is masked as a card number, and the reply puts the value back);
 * - `trackingNumber`: after a courier cue (快递单号, tracking number…);
 * - `product`: a product word from `product-words.ts`;
 * - `amount`: money with a currency mark or unit (¥199, 30块, $30, 20 dollars, 二十块);
 * - `date`: ISO or Chinese dates, weekdays and relative days (昨天, last Friday).
 */
export interface IntentEntities {
  orderNumber?: string;
  trackingNumber?: string;
  product?: string;
  amount?: string;
  date?: string;
}

const code = String.raw`(\[(?:CARD|PHONE|CN_ID)_\d+\]|[A-Z]{0,4}-?\d[\d-]{4,24}\d)`;
const trackingCue = String.raw`(?:快递单号|运单号|物流单号|快递号|tracking(?:\s*(?:number|no\.?|#|id|code))?|waybill)`;
const orderCue = String.raw`(?:订单编号|订单号|订单|单号|order(?:\s*(?:number|no\.?|#|id))?|purchase|#)`;

const trackingPatterns = [new RegExp(`${trackingCue}\\s*(?:is|是|为)?\\s*[:：#]?\\s*${code}`, 'i'), /\b((?:SF|JD|YT|ZTO|STO|EMS)\d{9,15})\b/i];
const orderPatterns = [
  new RegExp(`${orderCue}\\s*(?:is|是|为)?\\s*[:：#]?\\s*${code}`, 'i'),
  /(?<![\w.])([A-Z]{1,4}-?\d{6,24}(?:-\d+)?)(?![\w.])/i,
  /(?<![\d.])(\d{8,24})(?![\d.])/,
];

const chineseNumber = '[零一二两三四五六七八九十百千万]+';
const amountPattern = new RegExp(
  String.raw`[¥￥$€£]\s?\d+(?:[.,]\d{1,2})?|\d+(?:\.\d{1,2})?\s?(?:元|块钱?|rmb|cny|usd|dollars?|euros?|pounds?|bucks)\b|\d+(?:\.\d{1,2})?\s?(?:元|块钱?)|${chineseNumber}(?:元|块钱?)`,
  'i',
);

const datePattern =
  /\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}月\d{1,2}[日号]|(?:上|这|下)?(?:周|星期|礼拜)[一二三四五六日天]|(?:大)?前天|昨天|今天|明天|后天|上周|上个月|(?:\d+|[一二两三四五六七八九十]+)(?:天|周|个星期|个月)(?:前|之前)|\b(?:(?:last|this|next) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month)|(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|today|tomorrow|\d+ (?:days?|weeks?|months?) ago|(?:on )?the \d{1,2}(?:st|nd|rd|th)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}(?:st|nd|rd|th)?)\b/i;

function firstCapture(text: string, patterns: readonly RegExp[]): string | undefined {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

export function extractEntities(text: string): Record<string, string> {
  const entities: IntentEntities = {};
  const tracking = firstCapture(text, trackingPatterns);
  if (tracking) entities.trackingNumber = tracking;
  // The tracking number is not also the order number.
  const order = firstCapture(tracking ? text.replace(tracking, ' ') : text, orderPatterns);
  if (order) entities.orderNumber = order;
  const product = productPattern.exec(text);
  if (product) entities.product = (product[1] ?? product[2]!).toLowerCase();
  const amount = amountPattern.exec(text);
  if (amount) entities.amount = amount[0].trim();
  const date = datePattern.exec(text);
  if (date) entities.date = date[0].trim();
  return { ...entities };
}
