/**
 * Who a piece of narration is about: the shop (its staff, support, chat, website) or a third
 * party (the courier, the post office, the customer's bank, a neighbour). "The courier didn't
 * answer" and "I called the carrier three times" are the customer's trouble with someone
 * else, which the shop can help with; "your support never replied" is the shop failing them.
 */

/** "Your courier" is still the courier: the possessive is dropped before a third party is looked for. */
const thirdPartyEn =
  /\b(?:courier|couriers|driver|delivery\s+(?:guy|man|men|person|driver|company|firm|service)|carrier|post\s+office|postman|postwoman|postie|mailman|mail\s+carrier|usps|ups|dhl|fedex|royal\s+mail|auspost|australia\s+post|hermes|evri|dpd|parcelforce|sf\s+express|(?:my|the)\s+bank|card\s+(?:issuer|company)|amex|paypal|manufacturer|the\s+brand|neighbou?rs?|building\s+manager|concierge|landlord|locker\s+company)\b/i;
const thirdPartyZh =
  /快递(?!单)|快递员|快递小哥|物流公司|驿站|菜鸟|顺丰|中通|圆通|韵达|申通|极兔|邮政|邮局|EMS|司机|派送员|配送员|派件员|银行|信用卡中心|发卡行|厂家|品牌方|物业|门卫|邻居|房东/;

/** The shop and its people, as a customer names them. */
const shopEn =
  /\b(?:you|your|yours|you've|you're|you'll|u|ur|y'all|shop|store|seller|company|customer\s+(?:service|support|care)|support|staff|agents?|reps?|representatives?|team|colleague|manager|supervisor|chat|website|site|app|chatbot|bot|warehouse|helpdesk|help\s+desk)\b/i;
const shopZh = /你们|你家|你|客服|商家|店家|卖家|售后|店铺|这家店|本店|贵店|贵司|仓库|工作人员|专员|小二|机器人|在线/;

const yourThirdParty = /\b(?:your|the\s+shop's|the\s+store's)\s+(?=courier|driver|delivery|carrier|post|warehouse\s+courier)/gi;
const yourThirdPartyZh = /(?:你们|你家)(?:的)?(?=快递|物流|司机|配送)/g;

export function namesShop(text: string): boolean {
  const without = text.replace(yourThirdParty, ' ').replace(yourThirdPartyZh, ' ');
  return shopEn.test(without) || shopZh.test(without);
}

export function namesThirdParty(text: string): boolean {
  return thirdPartyEn.test(text) || thirdPartyZh.test(text);
}

const clauseBreak = /[,，;；:：.!?。！？\n]/;
const sentenceBreak = /[.!?。！？\n]/;

function around(text: string, index: number, length: number, boundary: RegExp): string {
  let start = index;
  while (start > 0 && !boundary.test(text[start - 1]!)) start--;
  let end = index + length;
  while (end < text.length && !boundary.test(text[end]!)) end++;
  return text.slice(start, end);
}

/**
 * The words at `index` are about a third party, not the shop: their clause names someone
 * else and not the shop, or, when the clause names nobody ("no answer") and `bySentence`, its
 * sentence does.
 */
export function aboutThirdParty(text: string, index: number, length: number, bySentence = true): boolean {
  const clause = around(text, index, length, clauseBreak);
  if (namesShop(clause)) return false;
  if (namesThirdParty(clause)) return true;
  if (!bySentence) return false;
  const sentence = around(text, index, length, sentenceBreak);
  return namesThirdParty(sentence) && !namesShop(sentence);
}

/**
 * Who made the promise: the words of the sentence up to the promise itself ("the driver said
 * he'd…", "快递员说…") name a third party and not the shop. What was promised may well be about
 * the courier ("上次说帮我催快递") and still be the shop's promise.
 */
export function promisedByThirdParty(text: string, index: number): boolean {
  let start = index;
  while (start > 0 && !sentenceBreak.test(text[start - 1]!)) start--;
  const head = text.slice(start, index + 4);
  return namesThirdParty(head) && !namesShop(head);
}

/** The sentence around `index` names the shop or its people. */
export function sentenceNamesShop(text: string, index: number, length: number): boolean {
  return namesShop(around(text, index, length, sentenceBreak));
}
