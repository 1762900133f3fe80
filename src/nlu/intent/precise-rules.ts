import type { IntentLabel } from './labels.js';

/**
 * Phrases that settle the intent by themselves, whatever the model thinks: an explicit ask
 * for a human, a double charge, an invoice. Only phrases that are right (nearly) every time
 * belong here; a test checks each rule against every training example, and the model
 * handles everything else. Order matters: the first match wins.
 */
export const preciseRules: ReadonlyArray<readonly [IntentLabel, RegExp]> = [
  [
    'human_request',
    /转人工|人工客服|真人客服|找人工|要人工|接人工|转接人工|^人工[!！。]*$|\b(?:(?:talk|speak|chat) (?:to|with) (?:a |an )?(?:real |live )?(?:human|person|agent|representative)|live agent|human agent|real person|(?:agent|human|representative) (?:please|pls|now))\b/,
  ],
  ['payment_problem', /扣了两次|扣款两次|重复扣款|重复支付|扣了两笔|\b(?:charged twice|double[- ]charged|billed twice|card (?:was |got |keeps getting )?declined)\b/],
  ['price_protection', /价保|价格保护|保价|\bprice (?:protection|adjustment|match(?:ing)?)\b/],
  ['invoice', /发票|开票|专票|普票|\b(?:invoices?|vat receipt)\b/],
  ['greeting', /^(?:你好|您好|在吗|在不在|哈喽|嗨|谢谢|谢谢你|感谢|多谢|再见|拜拜|好的谢谢|hi|hello|hey|thanks|thank you|thank you very much|bye|goodbye)[\s!！。.,，~～?？]*$/],
];

export function preciseRuleFor(normalisedText: string): IntentLabel | null {
  for (const [label, pattern] of preciseRules) if (pattern.test(normalisedText)) return label;
  return null;
}
