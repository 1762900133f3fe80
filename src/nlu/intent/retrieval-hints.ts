import type { Language } from '../../domain/types.js';
import type { IntentLabel } from './labels.js';

/**
 * Words the policy documents use for what customers ask in other words: "where is my
 * order?" never says "status" or "tracking". Appended to the search query by intent, in
 * the vocabulary of the knowledge base's headings. Every label is listed: `null` marks the
 * ones no policy answers (a test keeps this list and the labels in step).
 */
export const retrievalHints: Record<IntentLabel, Record<Language, string> | null> = {
  order_status: { en: 'order status tracking shipped', zh: '订单状态 物流 查询' },
  cancel_order: { en: 'cancel order', zh: '取消订单' },
  change_address: { en: 'change delivery address', zh: '修改收货地址' },
  return_request: { en: 'return how to start a return', zh: '退货 申请退货' },
  exchange: { en: 'exchange size colour replacement', zh: '换货 尺码 颜色' },
  refund_status: { en: 'refund arrive business days', zh: '退款 到账' },
  refund_policy: { en: 'refund issued amount refunded', zh: '退款 退款金额' },
  warranty_repair: { en: 'warranty repair claim', zh: '保修 维修' },
  shipping_info: { en: 'delivery options costs processing time', zh: '配送方式 运费 发货时间' },
  invoice: { en: 'invoice', zh: '发票' },
  payment_problem: { en: 'charged twice payment', zh: '重复扣款 支付' },
  price_protection: { en: 'price protection coupon', zh: '价格保护 优惠券' },
  product_question: null,
  complaint: null,
  human_request: null,
  greeting: null,
  other: null,
};

export function retrievalHint(intent: string | undefined, language: Language): string {
  return (intent && retrievalHints[intent as IntentLabel]?.[language]) ?? '';
}

/** The safety section's vocabulary: a hazard report is escalated, and the steps it needs now are looked up with these words. */
export const safetyHint: Record<Language, string> = { en: 'safety problems overheats smokes sparks', zh: '安全问题 过热 冒烟 火花' };
