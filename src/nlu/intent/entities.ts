/**
 * Entities that after-sales turns hinge on. Order numbers are long digit or letter-digit
 * runs, usually after a cue word; amounts carry a currency mark; dates are ISO or Chinese.
 */
export function extractEntities(text: string): Record<string, string> {
  const entities: Record<string, string> = {};
  const order =
    text.match(/(?:订单号?|单号|order(?:\s*(?:number|no\.?|#|id))?)\s*[:：#]?\s*([A-Z]{0,4}\d[\d-]{5,24})/i) ??
    text.match(/#\s*([A-Z]{0,4}\d{6,24})\b/i) ??
    text.match(/(?<![\d.])(\d{10,24})(?![\d.])/);
  if (order?.[1]) entities.orderNumber = order[1];
  const amount = text.match(/(?:[¥￥$€£]\s?\d+(?:[.,]\d{1,2})?|\d+(?:\.\d{1,2})?\s?(?:元|块钱?|rmb|cny|usd|dollars?|euros?))/i);
  if (amount) entities.amount = amount[0].trim();
  const date = text.match(/\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}月\d{1,2}[日号]|(?:昨天|今天|前天|上周|yesterday|today|last week)/i);
  if (date) entities.date = date[0];
  return entities;
}
