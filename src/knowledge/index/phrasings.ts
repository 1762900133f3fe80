import { AmbiguousDocumentError, DocumentNotFoundError, SectionNotFoundError } from '../errors.js';
import type { Chunk, Phrasing } from '../types.js';
import type { BaseState, ChangeSummary, Entry } from './index-builder.js';

/** Questions to index with one passage: named by document and section (an admin) or by chunk id (doc2query). */
export interface PhrasingAddition {
  /** Document id or file name (as `kb list` shows it). */
  document: string;
  /** Section title as citations show it, a chunk id (`returns.md#3`), or the passage's number in its document. */
  section: string;
  questions: string[];
  origin: Phrasing['origin'];
  /** Only apply while the document still has this content hash (doc2query written for an older text is dropped). */
  documentHash?: string;
}

/** Longest alternative phrasing kept: a question, not a document. */
export const maxPhrasingLength = 300;
/** Bound on phrasings per passage, so one passage's index text cannot grow without end. */
export const maxPhrasingsPerPassage = 50;

const normalise = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

function resolveDocument(base: BaseState, reference: string): Entry {
  const direct = base.entries.get(reference);
  if (direct) return direct;
  const bySource = [...base.entries.values()].filter((entry) => entry.info.source === reference);
  if (bySource.length === 1) return bySource[0]!;
  if (bySource.length > 1) throw new AmbiguousDocumentError(reference, bySource.map((entry) => entry.info.id));
  throw new DocumentNotFoundError(reference);
}

/** The passage a section reference names; a section split in parts is named by its first part. */
export function resolveSection(chunks: readonly Chunk[], documentId: string, reference: string): number {
  const wanted = normalise(reference);
  const byId = chunks.findIndex((chunk) => chunk.id === reference || chunk.id === `${documentId}#${reference.replace(/^#/, '')}`);
  if (byId >= 0) return byId;
  const exact = chunks.findIndex((chunk) => chunk.section !== undefined && normalise(chunk.section) === wanted);
  if (exact >= 0) return exact;
  const firstPart = chunks.findIndex((chunk) => chunk.section !== undefined && normalise(chunk.section.replace(/ › \d+$/, '')) === wanted);
  if (firstPart >= 0) return firstPart;
  const heading = chunks.findIndex((chunk) => chunk.headings.some((h) => normalise(h) === wanted));
  if (heading >= 0) return heading;
  throw new SectionNotFoundError(documentId, reference, [...new Set(chunks.map((chunk) => chunk.section).filter((s): s is string => Boolean(s)))]);
}

/** Cleans questions: trimmed, bounded, and without ones the passage already has. */
function freshQuestions(chunk: Chunk, questions: readonly string[]): string[] {
  const known = new Set((chunk.phrasings ?? []).map((p) => normalise(p.text)));
  const fresh: string[] = [];
  for (const raw of questions) {
    const text = raw.replace(/\s+/g, ' ').trim().slice(0, maxPhrasingLength);
    if (!text || known.has(normalise(text))) continue;
    known.add(normalise(text));
    fresh.push(text);
  }
  return fresh;
}

/**
 * Adds alternative phrasings to passages of the live version. A document that gains one is
 * re-embedded (its passages' index text changed) and listed as `phrased`; its content,
 * hash and revision stay as they are.
 */
export function applyPhrasings(base: BaseState, additions: readonly PhrasingAddition[]): ChangeSummary {
  const phrased = new Set<string>();
  const now = new Date().toISOString();
  for (const addition of additions) {
    const entry = resolveDocument(base, addition.document);
    if (addition.documentHash && entry.info.hash !== addition.documentHash) continue;
    const index = resolveSection(entry.chunks, entry.info.id, addition.section);
    const chunk = entry.chunks[index]!;
    const fresh = freshQuestions(chunk, addition.questions);
    if (fresh.length === 0) continue;
    const phrasings = [...(chunk.phrasings ?? []), ...fresh.map((text) => ({ text, origin: addition.origin, addedAt: now }))];
    // Admins' phrasings outrank the model's when the passage is full.
    const kept = phrasings.length <= maxPhrasingsPerPassage ? phrasings : [...phrasings.filter((p) => p.origin === 'admin'), ...phrasings.filter((p) => p.origin === 'model')].slice(0, maxPhrasingsPerPassage);
    entry.chunks = entry.chunks.map((c, i) => (i === index ? { ...c, phrasings: kept } : c));
    entry.vectors = null;
    phrased.add(entry.info.id);
  }
  const ids = [...phrased];
  return { added: [], replaced: [], unchanged: [...base.entries.keys()].filter((id) => !phrased.has(id)), removed: [], phrased: ids };
}

/**
 * A replaced document keeps the phrasings admins attached, on the passage with the same
 * section (or structural position); the model's are dropped, being about the old text.
 */
export function carryAdminPhrasings(previous: readonly Chunk[], next: Chunk[]): Chunk[] {
  const attached = previous.filter((chunk) => chunk.phrasings?.some((p) => p.origin === 'admin'));
  if (attached.length === 0) return next;
  const result = next.map((chunk) => ({ ...chunk }));
  for (const old of attached) {
    const target =
      result.find((chunk) => old.section !== undefined && chunk.section === old.section) ?? result.find((chunk) => chunk.position === old.position);
    if (!target) continue;
    const admin = old.phrasings!.filter((p) => p.origin === 'admin');
    const known = new Set((target.phrasings ?? []).map((p) => normalise(p.text)));
    target.phrasings = [...(target.phrasings ?? []), ...admin.filter((p) => !known.has(normalise(p.text)))];
  }
  return result;
}
