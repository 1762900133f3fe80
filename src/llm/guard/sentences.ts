export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// A full stop after these is not the end of a sentence.
const abbreviations = /(?:\b(?:e\.g|i\.e|etc|vs|approx|mr|mrs|ms|dr|st|ave|rd|inc|ltd|co|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)|\b[a-z])$/i;
const closers = /["'”’)\]」』】）]/;
const marker = /^\s*[[【(（]\s*(?:passage\s*)?p\s*\d+[^\]】)）]*[\]】)）]/i;

/**
 * Splits a reply (or a passage) into sentences, in English and Chinese. Citation markers
 * written after the full stop ("…days. [P1]") stay with the sentence they follow.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const trimmed = raw.trim();
    if (trimmed) {
      const offset = start + raw.indexOf(trimmed);
      sentences.push({ text: trimmed, start: offset, end: offset + trimmed.length });
    }
    start = end;
  };
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    let boundary = false;
    if (char === '\n') {
      boundary = true;
    } else if (/[。！？；!?;]/.test(char)) {
      boundary = true;
    } else if (char === '.') {
      const next = text[i + 1];
      const before = text.slice(Math.max(0, i - 6), i);
      boundary = (next === undefined || /\s|[[【(（]/.test(next)) && !abbreviations.test(before) && !/\.\.$/.test(before + '.');
      if (next === '.') boundary = false;
    }
    if (!boundary) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && (/[。！？!?.…]/.test(text[end]!) || closers.test(text[end]!))) end++;
    for (let m = marker.exec(text.slice(end)); m; m = marker.exec(text.slice(end))) end += m[0].length;
    push(end);
    i = end;
  }
  push(text.length);
  return sentences;
}
