import type { Language } from '../../core/types.js';
import type { IntentLabel } from './labels.js';

/**
 * Words the policy documents use for what customers ask in other words: "where is my
 * order?" never says "status" or "tracking". Appended to the search query by intent.
 */
const hints: Partial<Record<IntentLabel, Record<Language, string>>> = {
  order_status: { en: 'status tracking shipped', zh: '订单状态 物流 查询' },
  refund_status: { en: 'refund arrive business days', zh: '退款 到账' },
  change_address: { en: 'change delivery address', zh: '修改收货地址' },
  cancel_order: { en: 'cancel order', zh: '取消订单' },
  payment_problem: { en: 'charged twice payment', zh: '重复扣款 支付' },
  invoice: { en: 'invoice', zh: '发票' },
  price_protection: { en: 'price protection coupon', zh: '价格保护 优惠券' },
  warranty_repair: { en: 'warranty repair', zh: '保修 维修' },
};

export function retrievalHint(intent: string | undefined, language: Language): string {
  return (intent && hints[intent as IntentLabel]?.[language]) ?? '';
}
