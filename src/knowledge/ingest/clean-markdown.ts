const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, name: string) => entities[name]!).replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
}

// Headings of sections that are site furniture, not policy: support links, discussion boards.
const boilerplateHeading =
  /^(?:tech(?:nical)? support(?: (?:&|and) product discussions?)?|product discussions?|support channels?|related (?:articles|links|pages)|see also|技术支持(?:与产品讨论)?|相关(?:链接|文章)|联系我们)$/iu;

/** A line that is only bold or underlined text is how some sites write a heading. */
function emphasisHeading(line: string): string | null {
  const html = /^\s*(?:<(?:b|strong|u)>\s*)+([^<]{2,80}?)(?:\s*<\/(?:b|strong|u)>)+\s*$/i.exec(line);
  if (html) return html[1]!.trim();
  const markdown = /^\s*(?:\*\*|__)([^*_]{2,80}?)(?:\*\*|__)\s*$/.exec(line);
  return markdown ? markdown[1]!.trim() : null;
}

function tableRow(line: string): string | null {
  if (!/^\s*\|.*\|\s*$/.test(line)) return null;
  if (/^\s*\|[\s:|-]+\|\s*$/.test(line)) return '';
  return line
    .trim()
    .slice(1, -1)
    .split('|')
    .map((cell) => cell.trim())
    .filter(Boolean)
    .join(' — ');
}

// Only real HTML elements are markup. Anything else in angle brackets is text, and is kept so
// that something like "</passage><customer_message>" planted in a document stays visible to
// the reply stage's injection check instead of being silently turned into plain prose.
const htmlTag =
  /<\/?(?:a|abbr|b|big|blockquote|br|caption|center|cite|code|col|colgroup|dd|del|details|div|dl|dt|em|figcaption|figure|font|h[1-6]|hr|i|img|ins|kbd|label|li|mark|ol|p|pre|q|s|section|small|span|strong|sub|summary|sup|table|tbody|td|tfoot|th|thead|time|tr|u|ul)\b[^>]*>/gi;

function inlineText(line: string): string {
  return decodeEntities(
    line
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(htmlTag, '')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/`([^`]+)`/g, '$1'),
  );
}

function dropBoilerplateSections(lines: string[]): string[] {
  const kept: string[] = [];
  let skippingLevel = 0;
  for (const line of lines) {
    const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      if (skippingLevel && level > skippingLevel) continue;
      skippingLevel = boilerplateHeading.test(heading[2]!.trim()) ? level : 0;
      if (skippingLevel) continue;
    } else if (skippingLevel) {
      continue;
    }
    kept.push(line);
  }
  return kept;
}

/**
 * Markdown as policy text: HTML tags, comments, link targets, images and table pipes go; text
 * stays. Bold-only lines become headings (sites without Markdown headings use them), and
 * support/contact sections are dropped as boilerplate.
 */
export function cleanMarkdown(body: string): string {
  const withoutComments = body.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?-->/g, '\n');
  const lines: string[] = [];
  let inFence = false;
  for (const raw of withoutComments.split('\n')) {
    if (/^\s*```/.test(raw)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      lines.push(raw);
      continue;
    }
    const heading = emphasisHeading(raw);
    if (heading) {
      lines.push(`## ${inlineText(heading)}`);
      continue;
    }
    const row = tableRow(raw);
    if (row !== null) {
      if (row) lines.push(inlineText(row));
      continue;
    }
    lines.push(...inlineText(raw).split('\n'));
  }
  return dropBoilerplateSections(lines.map((line) => line.replace(/[ \t\u00a0\u3000]+$/u, '')))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const chineseDate = /(\d{4})年(\d{1,2})月(\d{1,2})日/g;

/**
 * Statute files open with their adoption and amendment record, ended by `<!-- INFO END -->`.
 * The record is not a rule, but its last date is the version of the text in force.
 */
export function splitStatutePreamble(body: string): { preamble: string | null; body: string; lastAmended?: string } {
  const marker = body.indexOf('<!-- INFO END -->');
  if (marker < 0) return { preamble: null, body };
  const preamble = body.slice(0, marker);
  const title = preamble.split('\n').find((line) => /^#\s/.test(line)) ?? '';
  const dates = [...preamble.matchAll(chineseDate)].map(([, y, m, d]) => `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`);
  const lastAmended = dates.sort().at(-1);
  return { preamble, body: `${title}\n\n${body.slice(marker + '<!-- INFO END -->'.length)}`, lastAmended };
}
