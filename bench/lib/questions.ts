/**
 * Twelve distinct after-sales questions, zh and en mixed, that the sample knowledge base
 * answers. A benchmark conversation never asks one twice: a repeat would rightly go to staff
 * and skip the work being measured.
 */
export const questions: readonly string[] = [
  'How long does a refund take to reach my card?',
  '退款多久能到账？',
  'Who pays the postage if I send something back?',
  '我想换个尺码，可以吗？',
  'What does the warranty cover?',
  '发票怎么开？需要企业抬头',
  'Can I change the delivery address before it ships?',
  '价格降了能退差价吗',
  'My parcel has not moved for a week, what now?',
  '优惠券可以叠加使用吗？',
  'Is express delivery available and what does it cost?',
  '拆封了还能退货吗',
];
