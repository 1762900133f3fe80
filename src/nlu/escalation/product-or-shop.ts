import type { LexiconSignals } from '../sentiment/lexicon/signals.js';
import { reportedAt } from './reported-speech.js';
import { aboutThirdParty } from './whose-side.js';

/**
 * Whom the negative words are aimed at. "The battery died fast, how do I claim warranty?" is
 * negative about the product and asks the shop for help: the customer is not angry with the
 * shop, and the bot can serve them. "My wife hates the colour, can we exchange?" reports
 * someone else's feeling about the product. Anger at the shop names the shop, its people or
 * its service ("you", "your courier", "客服", "你们"), swears, or shouts.
 */
const shopEn =
  /\b(?:you|your|yours|you've|you're|you'll|u|ur|y'all|shop|store|seller|company|business|customer\s+(?:service|support|care)|support\s+team|service|staff|agents?|courier|warehouse|website|site|app|chatbot|bot|refund\s+process|management|this\s+place)\b/i;
const shopZh = /你们|你家|你|客服|商家|店家|卖家|售后|店铺|这家店|本店|贵店|贵司|公司|平台|仓库|快递员|服务|态度|机器人/;

/** The customer wants something practical done about the product: a service request, not a complaint about the shop. */
const serviceRequest =
  /\b(?:how\s+(?:do|can|should)\s+i|can\s+(?:i|we|you)|could\s+(?:i|we|you)|is\s+(?:it|this|that)\s+(?:covered|normal)|(?:claim|use)\s+(?:the\s+)?warranty|exchange|swap|return\s+it|send\s+(?:it\s+)?back|replacement|repair|is\s+there\s+(?:anything|any\s+way|a\s+way)|what\s+(?:can|should)\s+i\s+do|what\s+are\s+my\s+options)\b|有(?:什么|没有)办法|怎么(?:办|申请|退|换|保修|处理)|能不能(?:换|退|保修|修)|能(?:换|退|保修|修)(?:吗|么)|可以(?:换|退|保修|修)(?:吗|么)?|可不可以(?:换|退)|保修|换(?:个|一个)?(?:新的|颜色)|(?:申请|办理)?(?:退货|换货|维修)|正常吗/i;

export type Target = 'shop' | 'product' | 'someone else';

/**
 * Whom the message's negativity is aimed at: `someone else` when every negative word sits in
 * a sentence reporting another person's view, or about a third party (the courier, the bank)
 * in a message that asks the shop for help, `product` when nothing names the shop and the
 * customer asks for a practical remedy, otherwise `shop` (the default: when in doubt, anger
 * counts).
 */
export function negativityTarget(text: string, lexicon: LexiconSignals): Target {
  if (lexicon.abuse.length > 0 || lexicon.emphasis >= 1.3) return 'shop';
  const lower = text.toLowerCase();
  const positions = lexicon.cues
    .filter((cue) => cue.weight < 0)
    .map((cue) => lower.indexOf(cue.text.toLowerCase()))
    .filter((i) => i >= 0);
  if (positions.length === 0) return 'shop';
  if (positions.every((i) => reportedAt(text, i)) && !sharedFeeling.test(text)) return 'someone else';
  // The courier, the bank or a neighbour is what the customer is cross with, and they ask the shop to help.
  if ((lexicon.question || lexicon.request) && positions.every((i) => aboutThirdParty(text, i, 1))) return 'someone else';
  // "Can you replace it?" names the shop without blaming it: only sentences with a negative word
  // count, with the polite asking ("can you", "麻烦你们") taken out.
  const blamesShop = positions.some((i) => {
    const sentence = sentenceAt(text, i).replace(askingTheShop, ' ');
    return shopEn.test(sentence) || shopZh.test(sentence);
  });
  return !blamesShop && serviceRequest.test(text) ? 'product' : 'shop';
}

const sentenceBreak = /[.;!?。；！？\n]/;

function sentenceAt(text: string, index: number): string {
  let start = index;
  while (start > 0 && !sentenceBreak.test(text[start - 1]!)) start--;
  let end = index;
  while (end < text.length && !sentenceBreak.test(text[end]!)) end++;
  return text.slice(start, end);
}

/** Asking the shop to do something names it without blaming it. */
const askingTheShop =
  /\b(?:can|could|would|will)\s+you\b|\b(?:do|does)\s+(?:you|your)\s+(?:offer|have|cover|do)\b|\byour\s+(?:warranty|returns?\s+policy|policy|guarantee)\b|(?:请|麻烦|能不能|可不可以)(?:你们|你|客服)?(?:帮(?:我|忙)?)?|你们能|你们可以|贵店能/gi;

/** The customer shares the reported feeling ("and frankly so am I", "我也很生气"): it is theirs too. */
const sharedFeeling = /\b(?:so am i|so do i|me too|as am i|i am too|i'm (?:also|too) (?:angry|furious|upset|annoyed))\b|我也(?:很|挺|特别|非常)?(?:生气|气|不爽|火大|无语|恼火)/i;

/** Anger in this message is not at the shop: about the product with a service request, or someone else's. */
export const notAngryAtShop = (text: string, lexicon: LexiconSignals): boolean => negativityTarget(text, lexicon) !== 'shop';
