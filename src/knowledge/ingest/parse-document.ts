import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Language } from '../../domain/types.js';
import { detectLanguage } from '../../text/language.js';
import { DocumentParseError } from '../errors.js';
import type { Chunk, ParsedDocument } from '../types.js';
import { cleanMarkdown, splitStatutePreamble } from './clean-markdown.js';
import { languageFromName, languageFromTag, translationKeyOf } from './document-name.js';
import { extractText } from './extract-text.js';
import { defaultExtractionLimits, type ExtractionLimits } from './extraction-limits.js';
import { splitFrontMatter } from './front-matter.js';
import { splitBySize, type SizeLimits } from './split-by-size.js';
import { splitStructure } from './structure.js';

export interface DocumentFile {
  /** Unique id: the path relative to the folder being ingested, or the file name. */
  id: string;
  bytes: Uint8Array;
  modified?: Date;
}

/** 2026-09-01 stays; 04/23/2023 (US order, as Docusaurus writes it) becomes 2023-04-23. */
function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (us) return `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value : value.trim();
}

/**
 * Reads one policy document into chunks that each hold one rule, with the metadata a
 * citation and an admin need: source, section, language, version, updated.
 */
export async function parseDocument(file: DocumentFile, limits?: SizeLimits, extraction: ExtractionLimits = defaultExtractionLimits): Promise<ParsedDocument> {
  const source = basename(file.id);
  const extracted = await extractText(file.id, file.bytes, extraction);
  const { fields, body } = extracted.format === 'markdown' || extracted.format === 'text' ? splitFrontMatter(extracted.text) : { fields: {}, body: extracted.text };
  const statute = splitStatutePreamble(body);
  const text = cleanMarkdown(statute.body);
  if (!/[\p{L}\p{N}]/u.test(text)) throw new DocumentParseError(file.id, 'contains no text to answer from');

  const language: Language = languageFromTag(fields.language ?? fields.lang ?? fields.locale) ?? languageFromName(file.id) ?? detectLanguage(text, 'en').language;
  const hash = createHash('sha256').update(text).digest('hex');
  const title = fields.title ?? /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? extracted.title;
  const version = fields.version ?? statute.lastAmended ?? hash.slice(0, 8);
  const updated = isoDate(fields.updated ?? fields['last_update.date'] ?? fields.date ?? fields.last_modified) ?? statute.lastAmended ?? file.modified?.toISOString();

  const segments = await splitBySize(splitStructure(text), limits);
  if (segments.length === 0) throw new DocumentParseError(file.id, 'contains no text to answer from');
  if (segments.length > extraction.maxChunksPerDocument) {
    throw new DocumentParseError(
      file.id,
      `splits into ${segments.length} passages, more than ${extraction.maxChunksPerDocument} per document (KB_MAX_CHUNKS_PER_DOCUMENT); split it into smaller documents`,
    );
  }
  const chunks: Chunk[] = segments.map((segment, index) => ({
    id: `${file.id}#${index + 1}`,
    documentId: file.id,
    source,
    title,
    headings: segment.headings,
    section: segment.section,
    text: segment.text,
    language,
    position: segment.position,
    version,
    updated,
  }));
  return {
    info: {
      id: file.id,
      source,
      title,
      language,
      version,
      updated,
      hash,
      chunks: chunks.length,
      translationKey: (fields.translation_key ?? fields.translation ?? translationKeyOf(file.id)).toLowerCase(),
    },
    chunks,
  };
}
