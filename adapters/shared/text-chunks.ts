/**
 * Splits a reply that is longer than one platform message into several, at the place a
 * reader would pause, never inside a character or emoji. `measure` is the platform's own
 * length (Discord: Unicode code points; WeChat: UTF-8 bytes).
 */
export type Measure = (text: string) => number;

export const codePoints: Measure = (text) => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Where a reader would pause, best first: paragraph, line, sentence end (Chinese or Latin), comma, space.
const breakers = [/\n\s*\n/g, /\n/g, /[。！？!?；;]|\.(?=\s)/g, /[，,、]/g, /\s/g];

function lastBreak(text: string): number {
  for (const pattern of breakers) {
    let cut = -1;
    for (const match of text.matchAll(pattern)) cut = match.index + match[0].length;
    // A break in the first third would leave a stub of a message; look for a weaker one.
    if (cut > text.length / 3) return cut;
  }
  return -1;
}

export function splitText(text: string, limit: number, measure: Measure = codePoints): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (measure(rest) > limit) {
    let fitting = '';
    let used = 0;
    for (const { segment } of segmenter.segment(rest)) {
      const size = measure(segment);
      if (used + size > limit) break;
      fitting += segment;
      used += size;
    }
    // A single grapheme longer than the limit cannot be split without breaking it.
    if (fitting.length === 0) break;
    const cut = lastBreak(fitting);
    const head = cut > 0 ? fitting.slice(0, cut) : fitting;
    chunks.push(head.trim());
    rest = rest.slice(head.length).trim();
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}
