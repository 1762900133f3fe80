import { AmbiguousDocumentError, DocumentNotFoundError, SectionNotFoundError } from '../errors.js';
import type { Chunk } from '../types.js';
import type { BaseState, ChangeSummary, Entry } from './index-builder.js';

export type PhrasingOrigin = 'admin' | 'model';

/** Questions to index with a section: named by title (an admin) or by passage id (doc2query). */
export interface PhrasingAddition {
  /** Document id or file name (as `kb list` shows it). */
  document: string;
  /** Section title as citations show it (every part of a split section), or a passage id (`returns.md#3`). */
  section: string;
  questions: readonly string[];
  /** `admin` → `Chunk.phrasings` (kept when the document is replaced); `model` → `Chunk.modelPhrasings`. */
  origin: PhrasingOrigin;
  /** Only apply while the document still has this content hash (questions written for an older text are dropped). */
  documentHash?: string;
}

/** Longest alternative phrasing kept: a question, not a document. */
export const maxPhrasingLength = 300;
/** Bound on phrasings per passage and origin, so one passage's index text cannot grow without end. */
export const maxPhrasingsPerPassage = 50;

const normalise = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
const field = (origin: PhrasingOrigin) => (origin === 'admin' ? 'phrasings' : 'modelPhrasings');

function resolveDocument(base: BaseState, reference: string): Entry {
  const direct = base.entries.get(reference);
  if (direct) return direct;
  const bySource = [...base.entries.values()].filter((entry) => entry.info.source === reference);
  if (bySource.length === 1) return bySource[0]!;
  if (bySource.length > 1)
    throw new AmbiguousDocumentError(
      reference,
      bySource.map((entry) => entry.info.id),
    );
  throw new DocumentNotFoundError(reference);
}

/** The passages a section reference names: a passage id names one; a title names every part of its section. */
export function resolveSection(chunks: readonly Chunk[], documentId: string, reference: string): number[] {
  const byId = chunks.findIndex((chunk) => chunk.id === reference || chunk.id === `${documentId}#${reference.replace(/^#/, '')}`);
  if (byId >= 0) return [byId];
  const wanted = normalise(reference);
  const matching = (test: (chunk: Chunk) => boolean) => chunks.flatMap((chunk, index) => (test(chunk) ? [index] : []));
  const bySection = matching((chunk) => chunk.section !== undefined && (normalise(chunk.section) === wanted || normalise(chunk.section).startsWith(`${wanted} › `)));
  if (bySection.length > 0) return bySection;
  const byHeading = matching((chunk) => chunk.headings.some((h) => normalise(h) === wanted));
  if (byHeading.length > 0) return byHeading;
  throw new SectionNotFoundError(documentId, reference, [...new Set(chunks.map((chunk) => chunk.section).filter((s): s is string => Boolean(s)))]);
}

/** Adds questions not already there (case and spacing aside), trimmed and bounded. */
function merged(existing: readonly string[] | undefined, questions: readonly string[]): string[] {
  const result = [...(existing ?? [])];
  const known = new Set(result.map(normalise));
  for (const raw of questions) {
    const text = raw.replace(/\s+/g, ' ').trim().slice(0, maxPhrasingLength);
    if (!text || known.has(normalise(text)) || result.length >= maxPhrasingsPerPassage) continue;
    known.add(normalise(text));
    result.push(text);
  }
  return result;
}

/**
 * Adds alternative phrasings to passages of the live version. A document that gains one is
 * re-embedded (its passages' index text changed) and listed as `phrased`; its content, hash and
 * revision stay as they are.
 */
export function applyPhrasings(base: BaseState, additions: readonly PhrasingAddition[]): ChangeSummary {
  const phrased = new Set<string>();
  for (const addition of additions) {
    const entry = resolveDocument(base, addition.document);
    if (addition.documentHash && entry.info.hash !== addition.documentHash) continue;
    const key = field(addition.origin);
    const targets = new Set(resolveSection(entry.chunks, entry.info.id, addition.section));
    let changed = false;
    entry.chunks = entry.chunks.map((chunk, index) => {
      if (!targets.has(index)) return chunk;
      const next = merged(chunk[key], addition.questions);
      if (next.length === (chunk[key]?.length ?? 0)) return chunk;
      changed = true;
      return { ...chunk, [key]: next };
    });
    if (!changed) continue;
    entry.vectors = null;
    phrased.add(entry.info.id);
  }
  return { added: [], replaced: [], unchanged: [...base.entries.keys()].filter((id) => !phrased.has(id)), removed: [], phrased: [...phrased] };
}

/**
 * A replaced document keeps the phrasings admins attached, on the passage with the same
 * section (or structural position); the model's are not carried, being about the old text.
 */
export function carryAdminPhrasings(previous: readonly Chunk[], next: Chunk[]): Chunk[] {
  const attached = previous.filter((chunk) => chunk.phrasings?.length);
  if (attached.length === 0) return next;
  const result = next.map((chunk) => ({ ...chunk }));
  for (const old of attached) {
    const target = result.find((chunk) => old.section !== undefined && chunk.section === old.section) ?? result.find((chunk) => chunk.position === old.position);
    if (target) target.phrasings = merged(target.phrasings, old.phrasings!);
  }
  return result;
}
