/**
 * What counts as a commitment in a reply, and what in a policy passage backs it, in English
 * and Chinese. Each kind has the phrases that make a claim in a reply and the (broader)
 * phrases that show a passage speaks about the same thing.
 */
export type CommitmentKind = 'refund' | 'full_refund' | 'replacement' | 'compensation' | 'free' | 'fee' | 'guarantee';

interface CommitmentTerms {
  kind: CommitmentKind;
  claim: RegExp;
  support: RegExp;
  /** "We can't refund opened software" is a refusal, not a promise. */
  negatable: boolean;
}

const refundWords =
  /\brefund(?:s|ed|ing)?\b|\breimburs\w*|\bmoney back\b|\bpay (?:you )?back\b|\bcredit(?:ed)? (?:it |the amount )?back\b|退款|退钱|退还|返还|退(?:给)?(?:您|你)|退回(?:的)?(?:款|钱|金额)|原路退回|退差价|差价(?:原路)?退|返现|返款|退费/gi;

export const commitmentTerms: readonly CommitmentTerms[] = [
  {
    kind: 'full_refund',
    claim:
      /\bfull refund\b|\brefund(?:ed)? (?:you )?in full\b|\brefund(?:ed)? (?:you )?(?:the )?(?:full|entire|whole|total) (?:amount|price|cost)\b|\b100 ?% (?:refund|back)\b|\brefund(?:ed)? (?:you )?100 ?%|全额退款|全部退款|退全款|全款退|全额退还|全额返还|全额退回|全额赔/gi,
    support: /\bfull refund\b|\brefund(?:ed)? (?:you )?in full\b|\brefund(?:ed)? (?:you )?(?:the )?(?:full|entire|whole) (?:amount|price)\b|全额退款|全部退款|退全款|全额退还/gi,
    negatable: true,
  },
  { kind: 'refund', claim: refundWords, support: refundWords, negatable: true },
  {
    kind: 'replacement',
    claim:
      /\breplac(?:e|ed|es|ing|ement|ements)\b|\bexchang(?:e|ed|es|ing)\b|\bswap(?:ped|ping)?\b|\bresend\b|\bre-?ship\w*|\bsend (?:you )?(?:a |another |a new )(?:one|unit|item|product)\b|换货|更换|换新|补发|重发|重新发|换一个|换个新|调换|换成/gi,
    support: /\breplac(?:e|ed|es|ing|ement|ements)\b|\bexchang(?:e|ed|es|ing)\b|\bswap\w*|\bresend\b|\bre-?ship\w*|换货|更换|换新|补发|重发|调换|换成|发出新商品|新商品/gi,
    negatable: true,
  },
  {
    kind: 'compensation',
    claim:
      /\bcompensat\w*|\bgoodwill\b|\bmake (?:it|this|that|up for it) up to you\b|\bas (?:an? )?(?:apology|sorry|gesture)\b|\b(?:give|offer|send|issue|add|credit|provide|grant|gift)(?:s|ing)? (?:you )?(?:(?:an?|some|free|extra|[$¥€£]?\d+(?:\.\d+)?%?|\w+)[ -]){0,3}(?:coupon|voucher|gift card|discount|store credit|credits?|points|cashback|bonus|free gift|gift)s?\b|\bfree gift\b|\b(?:give|send|offer|add|throw in)(?:s|ing)? (?:you )?(?:an? |some )?(?:free|complimentary|extra|bonus) (?!shipping|delivery|returns?|exchanges?|repairs?|replacements?|labels?)\w+|\bfor (?:the|your) (?:hassle|inconvenience|trouble)\b|\bto make up for\b|补偿|赔偿|赔付|赔给|赔您|赠送|送您|送你|给(?:您|你)(?:发|补|送)?(?:一张|一个|一些|点)?(?:优惠券|代金券|红包|积分|礼品|赠品|折扣|券)|(?:发|补)(?:您|你)?(?:一张|一个)?(?:优惠券|代金券|红包)|作为补偿|表示歉意|聊表歉意|慰问/gi,
    support: /\bcompensat\w*|\bgoodwill\b|\bas (?:an? )?apology\b|补偿|赔偿|赔付|赠送|作为补偿/gi,
    negatable: true,
  },
  {
    kind: 'free',
    claim:
      /\bfree of charge\b|\bfor free\b|\b(?:is|are|be|it's|that's|completely|totally|always|entirely) free\b|\bfree (?:shipping|delivery|returns?|exchanges?|repairs?|replacements?|labels?|of cost)\b|\bat no (?:extra |additional )?(?:cost|charge)\b|\bno (?:extra |additional |return |shipping |restocking |handling )?(?:fees?|charges?|costs?)\b|\b(?:we|you)(?: will)? (?:won't|will not|don't|do not|never|will never) (?:be )?(?:charge|pay|deduct)\w*\b|\bwaiv(?:e|ed|es|ing)\b|\b(?:we|i)(?:'ll| will)? (?:pay|cover) (?:for )?(?:the |your )?(?:return |shipping|postage|costs?|fees?)|免费|包邮|免运费|不收(?:取)?(?:任何)?(?:费用|运费|钱)|不(?:会|用|需)?(?:收|扣)(?:取|除)?[^，。,.；;]{0,6}?(?:运费|费用|钱)|无需(?:支付|付)?(?:任何)?(?:费用|运费)|由我们承担|我们(?:来)?承担|不用(?:付|出|承担)|免(?:收|除|去)|运费(?:全)?免/gi,
    support: /\bfree\b|\bno cost\b|\bat no cost\b|\bwe pay\b|\bpay the shipping\b|\bprepaid\b|\bfree of charge\b|免费|包邮|由我们承担|我们承担|免运费|预付/gi,
    negatable: false,
  },
  {
    kind: 'fee',
    claim:
      /\bfees?\b|(?<!to |fails to |fail to |won't |doesn't |not )\bcharges?\b|\bcharged\b|\bsurcharge\b|\bdeduct\w*|\bcosts?\b|\bpostage\b|\bpay (?:the|a|an|for)\b|\brestocking\b|费用|运费|手续费|邮费|收取|扣除|扣款|补付|补差价|需支付|需要支付|另付|自付|自行承担/gi,
    support: /\bfee|\bcharge|\bcost|\bdeduct|\bpay|\bpostage|\bprice|费|扣除|收取|补付|支付/gi,
    negatable: false,
  },
  {
    kind: 'guarantee',
    claim: /\bguarantee\w*|\bpromis(?:e|es|ed|ing)\b|\bassure\w*|保证|确保|承诺|一定会|肯定会|绝对会/gi,
    support: /\bguarantee\w*|保证|确保|承诺/gi,
    negatable: true,
  },
];

/** A sentence that talks about doing something by some time: bare numbers and time words in it are promises. */
export const commitmentContext =
  /\b(?:ship|send|sent|deliver|arriv|process|issu|refund|repl(?:y|ied)|respond|repair|dispatch|receiv|appear|credit|post|pay|get|inspect|return|exchang|replac)\w*|发货|发出|寄出|送达|到账|到达|处理|回复|维修|退|寄|收到|安排|完成|验货|换/i;

const negationEn = /\b(?:not|no|never|cannot|can't|won't|unable|don't|doesn't|isn't|aren't|without|neither|nor)\b/i;
const negationZh = /不|无法|没有|没法|无|非|未|别/;

/** Whether what stands at `index` is negated inside its own clause ("we can't refund", "无法退款", "不扣 12 元"). */
export function negated(text: string, index: number): boolean {
  // A negation reaches to the end of its clause: "is not refunded and the $6.95 fee is deducted" deducts.
  const clause =
    text
      .slice(0, index)
      .split(/[,，;；:：。.!！?？]|\b(?:and|but|while|whereas|although)\b|并且?|但是?|而且?|然后/)
      .pop() ?? '';
  return negationEn.test(clause.slice(-30)) || negationZh.test(clause.slice(-6));
}

export interface Claim {
  kind: CommitmentKind;
  phrase: string;
  start: number;
  end: number;
}

/** The commitments a reply sentence makes; "no fee" is a promise of "free", not a fee. */
export function claimsIn(sentence: string): Claim[] {
  const claims: Claim[] = [];
  for (const terms of commitmentTerms) {
    for (const match of sentence.matchAll(terms.claim)) {
      const start = match.index;
      const end = start + match[0].length;
      if (claims.some((c) => start < c.end && end > c.start)) continue;
      if (terms.negatable && negated(sentence, start)) continue;
      claims.push({ kind: terms.kind, phrase: match[0], start, end });
    }
  }
  return claims;
}

/** The kinds of commitment a passage speaks about, so it can back a claim of that kind. */
export function kindsSupportedBy(passage: string): Set<CommitmentKind> {
  const kinds = new Set<CommitmentKind>();
  for (const terms of commitmentTerms) {
    terms.support.lastIndex = 0;
    if (terms.support.test(passage)) kinds.add(terms.kind);
  }
  return kinds;
}
