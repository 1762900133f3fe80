import { basename, extname } from 'node:path';
import type { Language } from '../../domain/types.js';

const languageSegment = /^(en|zh)(?:[-_](?:cn|hans|hant|tw|hk|us|gb))?$/i;
const languagePrefix = /^(en|zh)[-_]/i;
const languageSuffix = /[-_.](en|zh)$/i;

/** The language a file's name or folder declares: `zh/returns.md`, `zh_warranty.md`, `returns.en.md`. */
export function languageFromName(id: string): Language | undefined {
  const parts = id.split('/');
  const stem = basename(parts.at(-1)!, extname(parts.at(-1)!));
  const hit =
    languagePrefix.exec(stem)?.[1] ??
    languageSuffix.exec(stem)?.[1] ??
    parts
      .slice(0, -1)
      .reverse()
      .map((p) => languageSegment.exec(p)?.[1])
      .find(Boolean);
  return hit ? (hit.toLowerCase() as Language) : undefined;
}

/**
 * What a document and its translation share once the language marker is gone:
 * `en/warranty.md` and `zh/warranty.md`, or `en_x.md` and `zh_x.md`, have the same key.
 */
export function translationKeyOf(id: string): string {
  const parts = id.split('/');
  const file = parts.at(-1)!;
  const stem = basename(file, extname(file)).replace(languagePrefix, '').replace(languageSuffix, '');
  return [...parts.slice(0, -1).filter((p) => !languageSegment.test(p)), stem].join('/').toLowerCase();
}

export function languageFromTag(tag: string | undefined): Language | undefined {
  const match = tag ? /^(en|zh)\b/i.exec(tag.trim()) : null;
  return match ? (match[1]!.toLowerCase() as Language) : undefined;
}
