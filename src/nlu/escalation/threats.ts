import { findPhrase, type PhraseMatch } from './match-phrases.js';
import { threatPatterns } from './phrases.js';
import { pastAt, reportedAt } from './reported-speech.js';

/**
 * A threat is an aim (the bank or card issuer taking the money back, lawyers and courts, a
 * regulator, the public) together with the customer's intent to go there. The aims are listed
 * by meaning in `threatPatterns` and below; this module decides whether the customer is
 * turning to one, or only asking how something works ("how does a chargeback work? not doing
 * it, just asking", "how do I file a complaint about the driver?"), retelling someone else's
 * words, or telling an old story.
 */
const moreAims: readonly RegExp[] = [
  /\b(?:open(?:ing|ed)?|fil(?:e|ing|ed)|rais(?:e|ing|ed)|start(?:ing|ed)?)\s+(?:a\s+)?(?:paypal|klarna|afterpay|stripe|apple\s+pay|google\s+pay)\s+(?:case|claim|dispute)\b|\b(?:paypal|klarna)\s+(?:case|claim|dispute)\b|\b(?:ask(?:ing)?|get(?:ting)?|have|let)\s+(?:my\s+)?(?:bank|card\s+issuer|card\s+company)\s+(?:to\s+)?(?:claw|take|pull|reverse|refund|get)\b/i,
  /差评[^，。！？]{0,12}(?:写好|准备好|编辑好|拍好)|(?:视频|图)[^，。！？]{0,8}(?:拍好|准备好)[^，。！？]{0,10}(?:发|曝光)|(?:明天|马上|立刻|今晚)就发(?:出去|到网上)?|找(?:银行|信用卡中心|发卡行)(?:追回|拒付|申诉)|(?:支付宝|微信支付|花呗)(?:投诉|申诉|介入)|(?:小红书|微博|抖音|朋友圈|网上|B站|知乎|大众点评)[^，。！？]{0,15}(?:发出来|发出去|发帖|曝光|发视频|挂出来)|让?大家(?:自己)?(?:判断|评评理|评理|看看)/,
];

/** Asking how something works, for information: no intent to act on it. */
const askingHow =
  /\b(?:how\s+(?:do|does|can|would|should)\s+(?:i|we|you|that|it|a|one)|what\s+(?:is|happens\s+(?:if|when))|is\s+it\s+possible\s+to|just\s+(?:asking|curious|wondering)|not\s+(?:doing|going\s+to\s+do)\s+(?:it|that)|hypothetically)\b|怎么(?:投诉|申请|操作|走|弄)|如何(?:投诉|申请)|只是问问|随便问问|问一下流程|不是要(?:投诉|拒付|起诉)/i;

/** The customer says they will act, or sets a condition: "or I'm going to my bank", "再不处理我就…". */
const intending =
  /\b(?:i(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to|'m\s+gonna|'m|\s+am)|we(?:'ll|\s+will|'re\s+going\s+to)|or\s+(?:else|i)|unless|otherwise|right\s+now|today|enough\s+is\s+enough|next\s+step|have\s+no\s+choice)\b|我(?:就|要|会|准备|打算|已经|马上|明天)|再不|不然|否则|要不然|等着|走着瞧/i;

/** Ends as a question, once ("…吗？", "…?"), not "??" or "？！". */
const calmQuestion = /(?:[^?？]|^)[?？]$|[吗么嘛]$/;

/** Words that ask for information: what is needed, how long, how, when. */
const seeksInformation = /需要我|一般|多久|多长时间|是否|怎么|如何|什么时候|流程|\b(?:how\s+long|what\s+do\s+i\s+need|do\s+i\s+need|is\s+there|when|which)\b/i;
/** …or which of two ways to go, and what one would do to the other ("does that cancel my return?"). */
const asksWhichWay =
  /是要|还是|会不会|需不需要|有没有影响|\b(?:do\s+i|does\s+(?:that|it|this)|would\s+(?:that|it)|or\s+do\s+you|or\s+should\s+i|do\s+you\s+need|what'?s\s+the\s+process|what\s+happens)\b/i;

/**
 * The bank, the card or a chargeback named in a question about how refunds reach the customer
 * ("do I do a chargeback or do you trace it?", "是要找银行申请拒付还是你们这边查？"): the customer
 * asks which way to go, calmly, and says nowhere that they will go there.
 */
const bankAim = /\b(?:bank|card|chargeback|charge\s*back|dispute|visa|mastercard|amex|paypal|statement)\b|银行|拒付|信用卡|发卡行|账单|支付宝|微信支付/i;
/** A condition put to the shop ("if this isn't fixed by friday…", "如果你们再不…") makes the question a warning. */
const conditionOnShop =
  /\bif\s+(?:this|it|that|you|the\s+refund)\s+(?:isn't|is\s+not|doesn't|does\s+not|hasn't|has\s+not|don't|do\s+not|can't|won't|aren't)\b|(?:如果|要是)(?:你们)?(?:还|再)?不/i;
const calmBankQuestion = (text: string, match: PhraseMatch) =>
  bankAim.test(match.text) &&
  calmQuestion.test(text.trim()) &&
  !/[!！]|[?？]{2}/.test(text) &&
  !intending.test(text) &&
  !conditionOnShop.test(text) &&
  (seeksInformation.test(text) || asksWhichWay.test(text));

function sentenceAround(text: string, index: number): string {
  const before = text.slice(0, index);
  const start =
    Math.max(before.lastIndexOf('.'), before.lastIndexOf('?'), before.lastIndexOf('!'), before.lastIndexOf('。'), before.lastIndexOf('？'), before.lastIndexOf('！')) + 1;
  const rest = text.slice(index).search(/[.!?。！？]/);
  return text.slice(start, rest < 0 ? text.length : index + rest + 1);
}

/**
 * An aim that is someone's job or someone else's quarrel, not a step against the shop: "I'm a
 * lawyer and need the invoice issued to my firm", "我可能要起诉我前房东".
 */
const notAimedAtShop =
  /\b(?:i(?:'m|\s+am)|as)\s+an?\s+(?:lawyer|attorney|solicitor|paralegal|journalist|reporter|police\s+officer|policeman|policewoman)\b|我是(?:一名|个)?(?:律师|记者|警察)|(?:起诉|告|投诉|举报)(?:我的?)?(?:前)?(?:房东|前任|老板|邻居|物业|室友|雇主)|\b(?:sue|suing|report(?:ing)?)\s+(?:my\s+)?(?:ex|landlord|employer|boss|neighbou?r|flatmate)\b/i;

/** The threat the customer makes in this message, with its words; null when there is none. */
export function findThreat(text: string): PhraseMatch | null {
  const match = findPhrase(text, threatPatterns) ?? findPhrase(text, moreAims);
  if (!match || reportedAt(text, match.index) || pastAt(text, match.index)) return null;
  const elsewhere = new RegExp(notAimedAtShop.source, 'gi');
  if ([...text.matchAll(elsewhere)].some((m) => m.index <= match.index && match.index < m.index + m[0].length)) return null;
  // An information question about the procedure is not a threat unless the customer also says they will act.
  const sentence = sentenceAround(text, match.index);
  if (askingHow.test(text) && !intending.test(sentence)) return null;
  // A calm question for information that mentions the bank or a review ("银行那边需要我做什么吗？")
  // asks how things work; a rhetorical one ("真的要逼我走法律程序吗") is still a threat.
  if (calmQuestion.test(sentence.trim()) && seeksInformation.test(sentence) && !/[!！]/.test(text) && !intending.test(sentence)) return null;
  if (calmBankQuestion(text, match)) return null;
  return match;
}
