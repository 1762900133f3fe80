/**
 * "No recommendations", "stop suggesting things", 「不要推荐」, 「别再给我推荐了」: the customer
 * does not want product suggestions. Matched on the verb of refusal next to the word for
 * suggesting, so "do you recommend the blue one?" is not an opt-out.
 */
const optOutPatterns = [
  /\b(?:no|stop|quit|without)\s+(?:more\s+|the\s+|your\s+|any\s+)?(?:product\s+)?(?:recommendations?|suggestions?|recommending|suggesting|upsell(?:ing|s)?|ads|adverts?|advertising)\b/i,
  /\b(?:don'?t|do\s+not|never|please\s+don'?t)\s+(?:ever\s+)?(?:recommend|suggest|advertise|upsell)\b/i,
  /\bnot\s+interested\s+in\s+(?:any\s+)?(?:recommendations?|suggestions?|other\s+products)\b/i,
  /\b(?:recommendations?|suggestions?)\s+off\b/i,
  /(?:不要|不用|不需要|别|别再|不想要|不要再|停止|请勿|勿)(?:再|给我|向我|跟我|再给我|给我再)*(?:推荐|推销|推广|安利)/,
];

export function isRecommendationOptOut(text: string): boolean {
  return optOutPatterns.some((pattern) => pattern.test(text));
}

/** What is left of the message without the opt-out: when nothing is, the opt-out is the whole message. */
export function withoutOptOut(text: string): string {
  let rest = text;
  for (const pattern of optOutPatterns) rest = rest.replace(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`), ' ');
  return rest.replace(/[\s\p{P}\p{S}]|please|thanks?|thank you|ok(?:ay)?|了|吧|啊|谢谢|请|哦|呢|的/giu, '');
}
