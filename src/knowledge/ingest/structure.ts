import { parseChineseNumber } from '../text/numerals.js';

/** One structural unit of a document: the text under a heading, one statute article, or one numbered clause. */
export interface Segment {
  headings: string[];
  section?: string;
  /** Heading ordinals plus article/clause number, e.g. `1.3/c2`; the same in a document's translation. */
  position: string;
  text: string;
}

const headingLine = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
// 第二十五条 at the start of a line opens a statute article (not a reference such as 依照本法第十条).
const articleLine = /^(第[零〇一二三四五六七八九十百千两\d]+条)(?=[\s\u3000]|$)/u;
// Top-level numbered clauses: "1. ", "2、", "一、". Indented lines and (一) items stay inside them.
const clauseLine = /^(?:(\d{1,2})(?:[.)]\s+|[．、]\s*)|([一二三四五六七八九十]{1,3})、)(?=\S)/u;

const numberOf = (text: string) => (/^\d+$/.test(text) ? Number(text) : (parseChineseNumber(text) ?? text));

/**
 * Splits cleaned Markdown along the document's own structure, so that each segment is one
 * rule and its citation names the heading, the article (第N条) or the clause.
 */
export function splitStructure(markdown: string): Segment[] {
  const segments: Segment[] = [];
  const stack: Array<{ level: number; text: string }> = [];
  const ordinals: number[] = [];
  let label: { section?: string; suffix: string } = { suffix: '' };
  let lines: string[] = [];

  const headingPosition = () => ordinals.filter((n) => n > 0).join('.') || '0';
  const flush = () => {
    const text = lines.join('\n').trim();
    lines = [];
    if (!text) return;
    const headings = stack.map((h) => h.text);
    segments.push({
      headings,
      section: label.section ?? headings.at(-1),
      position: `${headingPosition()}${label.suffix}`,
      text,
    });
  };

  for (const line of markdown.split('\n')) {
    const heading = headingLine.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      while (stack.length && stack.at(-1)!.level >= level) stack.pop();
      stack.push({ level, text: heading[2]!.trim() });
      ordinals[level - 1] = (ordinals[level - 1] ?? 0) + 1;
      ordinals.length = level;
      label = { suffix: '' };
      continue;
    }
    const article = articleLine.exec(line);
    if (article) {
      flush();
      label = { section: article[1], suffix: `/a${numberOf(article[1]!.slice(1, -1))}` };
      lines.push(line);
      continue;
    }
    const clause = clauseLine.exec(line);
    if (clause) {
      flush();
      const number = clause[1] ?? clause[2]!;
      const parent = stack.at(-1)?.text;
      label = { section: parent ? `${parent} › ${number}` : number, suffix: `/c${numberOf(number)}` };
      lines.push(line);
      continue;
    }
    lines.push(line);
  }
  flush();
  return segments;
}
