import { AmbiguousDocumentError, DocumentNotFoundError, DocumentParseError } from '../errors.js';
import type { IngestFile } from '../ingest/collect-files.js';
import type { ExtractionLimits } from '../ingest/extraction-limits.js';
import { parseDocument } from '../ingest/parse-document.js';
import type { ParsedDocument } from '../types.js';
import type { BaseState, ChangeSummary, Entry } from './index-builder.js';
import { carryAdminPhrasings } from './phrasings.js';

export interface Upload {
  parsed: ParsedDocument;
  standalone: boolean;
}

/** Parses every file before anything is built, collecting every problem so an admin sees them all at once. */
export async function parseUploads(files: readonly IngestFile[], limits?: ExtractionLimits): Promise<{ documents: Upload[]; problems: string[] }> {
  const seen = new Set<string>();
  const problems: string[] = [];
  const results = await Promise.all(
    files.map(async (file) => {
      if (seen.has(file.id)) problems.push(`${file.id}: named twice`);
      seen.add(file.id);
      try {
        return { parsed: await parseDocument(file, undefined, limits), standalone: file.standalone ?? false };
      } catch (error) {
        problems.push(error instanceof DocumentParseError ? error.message : `${file.id}: ${(error as Error).message}`);
        return null;
      }
    }),
  );
  return { documents: results.filter((r): r is Upload => r !== null), problems };
}

/** A standalone file replaces the one document with its file name and language (en/returns.md for returns.md). */
function sameFileElsewhere(base: BaseState, parsed: ParsedDocument): string | undefined {
  const matches = [...base.entries.values()].filter((entry) => entry.info.source === parsed.info.source && entry.info.language === parsed.info.language);
  return matches.length === 1 ? matches[0]!.info.id : undefined;
}

/** Adds new documents and replaces changed ones; a document whose text did not change keeps its vectors. */
export function applyUpserts(base: BaseState, documents: readonly Upload[]): ChangeSummary {
  const summary: ChangeSummary = { added: [], replaced: [], unchanged: [], removed: [] };
  const now = new Date().toISOString();
  for (const { parsed, standalone } of documents) {
    const id = standalone ? (sameFileElsewhere(base, parsed) ?? parsed.info.id) : parsed.info.id;
    const existing = base.entries.get(id);
    if (existing && existing.info.hash === parsed.info.hash) {
      summary.unchanged.push(id);
      continue;
    }
    const entry: Entry = {
      info: { ...parsed.info, id, revision: existing ? existing.info.revision + 1 : 1, ingestedAt: now },
      chunks: carryAdminPhrasings(
        existing?.chunks ?? [],
        parsed.chunks.map((chunk, index) => ({ ...chunk, id: `${id}#${index + 1}`, documentId: id })),
      ),
      vectors: null,
    };
    base.entries.set(id, entry);
    (existing ? summary.replaced : summary.added).push(id);
  }
  return summary;
}

function resolveReference(base: BaseState, reference: string): string {
  if (base.entries.has(reference)) return reference;
  const bySource = [...base.entries.values()].filter((entry) => entry.info.source === reference).map((entry) => entry.info.id);
  if (bySource.length === 1) return bySource[0]!;
  if (bySource.length > 1) throw new AmbiguousDocumentError(reference, bySource);
  throw new DocumentNotFoundError(reference);
}

/** Removes documents named by id, or by file name when that names exactly one. */
export function applyRemovals(base: BaseState, references: readonly string[]): ChangeSummary {
  const ids = [...new Set(references.map((reference) => resolveReference(base, reference)))];
  for (const id of ids) base.entries.delete(id);
  return { added: [], replaced: [], unchanged: [...base.entries.keys()], removed: ids };
}
