export interface FrontMatter {
  /** Flat keys; a nested key is joined with a dot (`last_update.date`). */
  fields: Record<string, string>;
  body: string;
}

const fencePattern = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

const unquote = (value: string) => value.trim().replace(/^(["'])(.*)\1$/, '$2');

/**
 * Reads the YAML front matter that Jekyll, Docusaurus and Hugo put on Markdown files. Only
 * scalar values matter here (title, language, version, dates), so lists and folded blocks are
 * skipped rather than pulling in a YAML parser.
 */
export function splitFrontMatter(raw: string): FrontMatter {
  const match = fencePattern.exec(raw);
  if (!match) return { fields: {}, body: raw };
  const fields: Record<string, string> = {};
  let parent: string | null = null;
  for (const line of match[1]!.split(/\r?\n/)) {
    const entry = /^(\s*)([\w.-]+)\s*:\s*(.*)$/.exec(line);
    if (!entry) continue;
    const [, indent, key, value] = entry as unknown as [string, string, string, string];
    if (indent.length === 0) {
      parent = value.trim() === '' ? key : null;
      if (value.trim() !== '' && !/^[>|]/.test(value.trim())) fields[key] = unquote(value);
    } else if (parent && value.trim() !== '') {
      fields[`${parent}.${key}`] = unquote(value);
    }
  }
  return { fields, body: raw.slice(match[0].length) };
}
