import { applyContrast, type LexiconCue } from './cues.js';
import { chineseContrasts, chineseDampeners, chineseIntensifiers, chineseNegationModifiers, chineseNegators, chineseWords } from './words-zh.js';

type Entry = { kind: 'word'; weight: number } | { kind: 'negator'; factor: number } | { kind: 'scale'; factor: number } | { kind: 'contrast' };

// Later assignments win, so a string that is both (e.g. 好 as "good" in some compounds and
// as an intensifier alone) takes the role listed last; words go last on purpose.
const entries = new Map<string, Entry>();
for (const contrast of chineseContrasts) entries.set(contrast, { kind: 'contrast' });
for (const negator of chineseNegators) entries.set(negator, { kind: 'negator', factor: 1 });
for (const [text, factor] of Object.entries(chineseNegationModifiers)) entries.set(text, { kind: 'negator', factor });
for (const [text, factor] of Object.entries(chineseIntensifiers)) entries.set(text, { kind: 'scale', factor });
for (const [text, factor] of Object.entries(chineseDampeners)) entries.set(text, { kind: 'scale', factor });
for (const [text, weight] of Object.entries(chineseWords)) entries.set(text, { kind: 'word', weight });
const longestEntry = Math.max(...[...entries.keys()].map((key) => key.length));

const clauseBreak = /[，。！？；、,.!?;\n~～…]/;
/** A modifier reaches a word at most this many unmatched characters later ("太TM慢了"). */
const MODIFIER_REACH = 2;

function longestMatch(text: string, at: number): [string, Entry] | undefined {
  for (let length = Math.min(longestEntry, text.length - at); length > 0; length--) {
    const candidate = text.slice(at, at + length);
    const entry = entries.get(candidate);
    if (entry) return [candidate, entry];
  }
  return undefined;
}

/**
 * Forward maximum matching over the lexicon (no segmenter needed for this): negators and
 * degree words modify the next sentiment word in the same clause, and a contrast (但是)
 * moves the weight to the clause after it.
 */
export function scoreChinese(text: string): LexiconCue[] {
  const cues: Array<LexiconCue & { position: number }> = [];
  let negation = 0;
  let factor = 1;
  let gap = 0;
  let contrastAt = -1;
  const reset = () => {
    negation = 0;
    factor = 1;
    gap = 0;
  };

  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (clauseBreak.test(char)) {
      reset();
      i++;
      continue;
    }
    const match = longestMatch(text, i);
    if (!match) {
      gap++;
      if (gap > MODIFIER_REACH) reset();
      i++;
      continue;
    }
    const [matched, entry] = match;
    if (entry.kind === 'contrast') {
      contrastAt = i;
      reset();
    } else if (entry.kind === 'negator') {
      negation = entry.factor;
      gap = 0;
    } else if (entry.kind === 'scale') {
      factor *= entry.factor;
      gap = 0;
    } else {
      if (entry.weight !== 0) {
        let weight = entry.weight * factor;
        // 不满意 is lexicalised; a negator before other words flips positives ("不专业")
        // and only softens negatives ("别敷衍" is still a complaint).
        if (negation) weight *= weight > 0 ? -0.8 * negation : 0.3;
        cues.push({ text: matched, weight, position: i });
      }
      reset();
    }
    i += matched.length;
  }
  applyContrast(cues, contrastAt);
  return cues.map(({ text, weight }) => ({ text, weight }));
}
