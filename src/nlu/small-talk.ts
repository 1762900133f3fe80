/**
 * What a purely social message is, so it gets a reply that fits: "Thanks!" is not answered
 * with the opening greeting. The intent model decides whether a message is social at all
 * (`greeting`); this only tells the four social turns apart, and recognises a message made
 * of nothing but social words ("ok", "好的谢谢") that a classifier may call `other`.
 */
import type { SmallTalk } from '../core/ports/analysis.js';

export type { SmallTalk };

// One entry per social phrase, longest first where one starts another; the whole message must be made of them.
const phrases: ReadonlyArray<readonly [SmallTalk, RegExp]> = [
  ['goodbye', /^(?:good ?bye|bye(?: bye)?|see you(?: later| soon)?|have a (?:good|nice|great) (?:day|one|evening|weekend)|take care|cya|再见|拜拜|回头见|下次见)/],
  [
    'thanks',
    /^(?:thank you(?: (?:so|very) much)?|thanks(?: (?:a lot|so much|very much|again))?|thx|ty|cheers|much appreciated|appreciate it|谢谢(?:你|您|啦|了)?|多谢|感谢(?:你|您)?|辛苦了|麻烦了)/,
  ],
  ['hello', /^(?:hi+|hello|hey|good (?:morning|afternoon|evening)|anyone there|are you there|你好|您好|在吗|在不在|哈喽|嗨)/],
  [
    'acknowledge',
    /^(?:ok(?:ay)?|k+|alright|all right|got it|great|perfect|cool|fine|sounds good|understood|noted|sure|good|nice|i see|好的?|好吧|行|可以|嗯+|明白了?|知道了|收到|懂了|了解)/,
  ],
];

const rank: Record<SmallTalk, number> = { goodbye: 3, thanks: 2, acknowledge: 1, hello: 0 };
// U+FE0F (the emoji form of ❤) on its own: in a class it would read as one combined character.
const separators = /^(?:[\s,.!?;:~，。！？；：、~～…\-—👍🙏😊🙂❤]|\uFE0F)+/u;

/**
 * The social turn a message is, or null when it says anything more ("thanks, but where is my
 * refund?"). Several at once count as the last thing one says in a chat: "ok thanks bye" is a goodbye.
 */
export function smallTalkOf(text: string): SmallTalk | null {
  let rest = text.toLowerCase().replace(separators, '');
  let found: SmallTalk | null = null;
  while (rest.length > 0) {
    const match = phrases.find(([, pattern]) => pattern.test(rest));
    if (!match) return null;
    const [kind, pattern] = match;
    const length = pattern.exec(rest)![0].length;
    // A Latin phrase must end at a word boundary ("okay" is not "ok" + "ay", "hint" is not "hi").
    if (/[a-z]/.test(rest[length - 1] ?? '') && /[a-z]/.test(rest[length] ?? '')) return null;
    if (found === null || rank[kind] > rank[found]) found = kind;
    rest = rest.slice(length).replace(separators, '');
  }
  return found;
}
