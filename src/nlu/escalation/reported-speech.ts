/**
 * Someone else's feelings or words, passed on by the customer ("my flatmate says your shop is
 * a rip-off", "我老公说这个剃须刀不好用"): a supervisor does not take over for them unless the
 * customer is upset too, which the learned judgement weighs.
 */
const relatives = String.raw`(?:wife|husband|partner|son|daughter|mum|mom|mother|dad|father|friend|flatmate|roommate|housemate|neighbou?r|boss|colleague|sister|brother|kids?|child|children|boyfriend|girlfriend|grandma|grandmother|grandpa|gran|aunt|uncle|cousin|family|teenager|toddler|cat|dog)`;
const reporterEn = new RegExp(
  String.raw`\b(?:my|his|her|our|their)\s+(?:\w+\s+)?${relatives}\b[^.!?]{0,25}\b(?:says?|said|thinks?|thought|reckons?|reckoned|calls?|called|was|is|were|got|feels?|felt|hates?|told me)\b`,
  'i',
);
const reporterZh =
  /(?:我|他|她|我们)(?:的)?(?:老公|老婆|爱人|男朋友|女朋友|朋友|妈妈?|爸爸?|婆婆|公公|儿子|女儿|同事|室友|邻居|孩子|家人|老板|闺蜜)[^，。！？,.!?]{0,4}?(?:说|觉得|认为|嫌|吐槽|气|生气|不高兴|骂)/;
const sentenceBreak = /[.!?。！？\n]/;

/** The words at `index` sit in a sentence that reports another person's view. */
export function reportedAt(text: string, index: number): boolean {
  const start = Math.max(...[...text.slice(0, index).matchAll(new RegExp(sentenceBreak.source, 'g'))].map((m) => m.index + 1), 0);
  const sentence = text.slice(start, index + 1);
  return reporterEn.test(sentence) || reporterZh.test(sentence);
}

/** A story about the past ("I once threatened to go to my bank, years ago"), not a threat made now. */
const settledPast = /\b(?:years? ago|once threatened|last year|back then|in the past)\b|(?:以前|上次|之前|去年)[^，。！？]{0,12}(?:后来|早就|已经)/i;

export function pastAt(text: string, index: number): boolean {
  const start = Math.max(...[...text.slice(0, index).matchAll(new RegExp(sentenceBreak.source, 'g'))].map((m) => m.index + 1), 0);
  const end = text.slice(index).search(sentenceBreak);
  return settledPast.test(text.slice(start, end < 0 ? text.length : index + end));
}
