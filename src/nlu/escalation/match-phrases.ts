/** A hazard or threat that is denied in the same clause ("no smoke", "我不会投诉") is not one. */
const englishNegation = /\b(?:no|not|never|without|don't|dont|won't|wont|didn't|didnt|isn't|wasn't|aren't|nothing|nor)\b/i;
/**
 * Chinese denies by putting the negator right before the verb ("没有冒烟", "不是要投诉"); a
 * negator further back is usually a condition ("不退款就给差评"), which is the threat itself.
 */
const chineseDenial = /(?:不|没|没有|别|无|未|不会|不想|不要|不是|并不|并没有|无需|不用|从没|从来没有?)(?:要|想|会|是|去|打算|任何|有)?\s*$/;
const clauseBreak = /[,.;!?，。；！？\n]/;

function deniedBefore(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 30), index);
  const clause = before.split(clauseBreak).pop() ?? '';
  const lastWords = clause.trim().split(/\s+/).slice(-3).join(' ');
  return englishNegation.test(lastWords) || chineseDenial.test(clause);
}

export interface PhraseMatch {
  text: string;
  index: number;
}

/**
 * The first pattern match that is not denied and not one of the false friends (product
 * names, colours); null when there is none. Returns the matched words, quoted as evidence.
 */
export function findPhrase(text: string, patterns: readonly RegExp[], options: { falseFriends?: readonly RegExp[]; denials?: boolean } = {}): PhraseMatch | null {
  const masked = (options.falseFriends ?? []).reduce(
    (rest, friend) => rest.replace(new RegExp(friend.source, `${friend.flags.replace('g', '')}g`), (m) => ' '.repeat(m.length)),
    text,
  );
  for (const pattern of patterns) {
    const global = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
    for (const match of masked.matchAll(global)) {
      if (options.denials !== false && deniedBefore(masked, match.index)) continue;
      return { text: text.slice(match.index, match.index + match[0].length), index: match.index };
    }
  }
  return null;
}

export function anyMatch(text: string, patterns: readonly RegExp[]): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[0];
  }
  return null;
}
