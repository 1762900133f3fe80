import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Language } from '../core/types.js';
import { detectLanguage } from '../nlu/language.js';

export interface Section {
  id: string;
  source: string;
  section?: string;
  text: string;
  language: Language;
}

const supported = new Set(['.md', '.markdown', '.txt']);

export async function listDocuments(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && supported.has(extname(entry.name).toLowerCase()) && !entry.name.startsWith('README'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function splitFrontMatter(raw: string): { meta: Record<string, string>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(raw);
  if (!match) return { meta: {}, body: raw };
  const meta: Record<string, string> = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    const pair = /^([\w-]+)\s*:\s*(.*)$/.exec(line);
    if (pair) meta[pair[1]!] = pair[2]!.replace(/^["']|["']$/g, '');
  }
  return { meta, body: raw.slice(match[0].length) };
}

/** One section per heading, so a passage is one rule and its citation names the heading. */
export function splitMarkdown(source: string, raw: string, fallbackLanguage: Language): Section[] {
  const { meta, body } = splitFrontMatter(raw);
  const language = meta.language === 'zh' || meta.language === 'en' ? meta.language : detectLanguage(body, fallbackLanguage).language;
  const sections: Section[] = [];
  let heading: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text) sections.push({ id: `${source}#${sections.length + 1}`, source, section: heading, text, language });
    lines = [];
  };
  for (const line of body.split(/\r?\n/)) {
    const match = /^#{1,4}\s+(.+?)\s*#*\s*$/.exec(line);
    if (match) {
      flush();
      heading = match[1];
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

export async function loadSections(dir: string, fallbackLanguage: Language): Promise<Section[]> {
  const files = await listDocuments(dir);
  const all = await Promise.all(
    files.map(async (file) => splitMarkdown(basename(file), await readFile(file, 'utf8'), fallbackLanguage)),
  );
  return all.flat();
}
