import { redactPersonalData } from '../../text/redact.js';

/** What a customer asks about one order. */
export type OrderRequestKind = 'status' | 'cancel' | 'return' | 'refund';

export interface OrderRequest {
  /** The order number as written (without "#"), when the message names one. */
  orderId: string | null;
  kind: OrderRequestKind | null;
  /** Contact details the customer gave to prove the order is theirs. */
  email: string | null;
  phone: string | null;
  /** The message is little more than the order number (and contact): "order 1002, ada@example.com". */
  bareReference: boolean;
}

const kindPatterns: Array<[OrderRequestKind, RegExp]> = [
  ['cancel', /\bcancel|取消/i],
  ['return', /\breturn(?:ing)?\b|send (?:it|them|this) back|退货|退回|退掉|寄回/i],
  ['refund', /\brefund|money back|退款|退钱|钱.{0,4}(?:到|退)/i],
  ['status', /\bwhere\b|\bstatus\b|\btrack|\barriv|\bdeliver|\bship|\bparcel|到哪|物流|快递|发货|状态|到了|在哪|查一?下/i],
];

/** The intents the classifier knows for the same requests, for messages the words above miss. */
const kindOfIntent: Record<string, OrderRequestKind> = {
  order_status: 'status',
  cancel_order: 'cancel',
  return_request: 'return',
  refund_status: 'refund',
};

const cuePattern = /(?:order(?:\s*(?:number|no\.?|id))?|订单(?:编号|号)?|单号)\s*(?:is|是|为)?\s*[:：#]?\s*#?\s*([A-Z]{0,3}-?\d{4,12})(?![\d])/i;
const hashPattern = /#\s?([A-Z]{0,3}-?\d{4,12})(?!\d)/i;
// A bare number is an order number only when it is the only long number left once contacts are gone.
const barePattern = /(?<![\w.-])(\d{5,10})(?![\w.-])/g;

export function orderRequestKind(text: string, intent: string | null): OrderRequestKind | null {
  for (const [kind, pattern] of kindPatterns) if (pattern.test(text)) return kind;
  return intent ? (kindOfIntent[intent] ?? null) : null;
}

export function readOrderRequest(text: string, intent: string | null): OrderRequest {
  const redaction = redactPersonalData(text);
  let email: string | null = null;
  let phone: string | null = null;
  for (const [placeholder, value] of redaction.values) {
    if (placeholder.startsWith('[EMAIL_') && !email) email = value;
    if (placeholder.startsWith('[PHONE_') && !phone) phone = value;
  }
  const rest = redaction.text;
  const cued = cuePattern.exec(rest)?.[1] ?? hashPattern.exec(rest)?.[1];
  const bare = [...rest.matchAll(barePattern)].map((m) => m[1]!);
  const orderId = cued ?? (bare.length === 1 ? bare[0]! : null);
  const leftover = rest
    .replace(/\[(?:EMAIL|PHONE|CARD|CN_ID|ADDRESS)_\d+\]/g, ' ')
    .replace(orderId ?? '\u0000', ' ')
    .replace(/\b(?:my|the|is|it'?s|order|number|no|email|e-mail|mail|phone|mobile|and|here|hi|hello)\b|订单号?|单号|邮箱|手机号?|电话|是|我的|你好/gi, ' ')
    .replace(/[\s\p{P}]+/gu, '');
  return { orderId: orderId?.toUpperCase() ?? null, kind: orderRequestKind(rest, intent), email, phone, bareReference: leftover.length <= 3 };
}

const confirmPattern =
  /^\s*(?:yes|y|yep|yeah|yup|confirm(?:ed)?|ok(?:ay)?|sure|please do|go ahead|do it)\b|^\s*(?:确认|确定|是的|是|好的|好|可以|对|没问题|行)\s*[。！!.]*\s*$|^\s*确认/i;
const declinePattern = /^\s*(?:no|nope|nah|don'?t|do not|stop|keep it|never ?mind)\b|^\s*(?:不要|不用|算了|先不|不了|否|不)\s*/i;

/** The customer's answer to "shall I…?": yes, no, or something else (a new question). */
export function confirmationOf(text: string): 'yes' | 'no' | null {
  const trimmed = text.trim();
  if (trimmed.length > 60) return null;
  if (declinePattern.test(trimmed)) return 'no';
  if (confirmPattern.test(trimmed)) return 'yes';
  return null;
}

/** The same person, however the contact is written: e-mail case and spaces, phone digits without the country code. */
export function sameEmail(given: string, onOrder: string | null): boolean {
  return onOrder !== null && given.trim().toLowerCase() === onOrder.trim().toLowerCase();
}

export function samePhone(given: string, onOrder: string | null): boolean {
  if (onOrder === null) return false;
  const a = given.replace(/\D/g, '');
  const b = onOrder.replace(/\D/g, '');
  const tail = (digits: string) => digits.replace(/^0+/, '').slice(-9);
  return a.length >= 8 && b.length >= 8 && tail(a) === tail(b);
}

/** The reason a customer gave for a return, in their words when they gave one. */
export function returnReasonOf(text: string): string {
  const reasons: Array<[RegExp, string]> = [
    [/damag|broken|cracked|破损|坏了|碎了|摔坏/i, 'Damaged'],
    [/fault|defect|not work|doesn'?t work|stopped working|故障|质量问题|不能用|用不了/i, 'Faulty'],
    [/wrong|not what i ordered|发错|不是我买的|错了/i, 'Wrong item'],
    [/too (?:small|big|large)|doesn'?t fit|size|尺码|大小|不合适/i, "Doesn't fit"],
    [/changed my mind|don'?t (?:want|need)|no longer|不想要|不喜欢|不需要|七天无理由/i, 'Changed my mind'],
  ];
  return reasons.find(([pattern]) => pattern.test(text))?.[1] ?? 'Not stated';
}
