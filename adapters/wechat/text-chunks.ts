/**
 * Text messages on WeChat and WeCom are limited to 2048 bytes of UTF-8 (the API answers
 * 45002 "content size out of limit"; a longer passive reply makes the client show "this
 * account cannot provide service"). 2047 leaves room for the terminator some clients count.
 */
export const TEXT_LIMIT_BYTES = 2047;

const encoder = new TextEncoder();
const byteLength = (text: string) => encoder.encode(text).length;
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

/** Splits `text` into messages of at most `limitBytes`, at natural breaks, never inside a character or emoji. */
export function splitForMessages(text: string, limitBytes = TEXT_LIMIT_BYTES): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (byteLength(rest) > limitBytes) {
    let fitting = '';
    let used = 0;
    for (const { segment } of segmenter.segment(rest)) {
      const size = byteLength(segment);
      if (used + size > limitBytes) break;
      fitting += segment;
      used += size;
    }
    if (fitting.length === 0) break;
    const cut = lastBreak(fitting);
    const head = cut > 0 ? fitting.slice(0, cut) : fitting;
    chunks.push(head.trim());
    rest = rest.slice(head.length).trim();
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}

export function fitsOneMessage(text: string, limitBytes = TEXT_LIMIT_BYTES): boolean {
  return byteLength(text) <= limitBytes;
}
