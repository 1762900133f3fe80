import type { Chunk, DocumentInfo } from '../types.js';
import { drain } from './vector-view.js';

const withoutPart = (position: string) => position.replace(/\/p\d+$/, '');

/**
 * Links each chunk to the same rule in its document's translation: documents share a
 * translation key (en/warranty.md ↔ zh/warranty.md, en_x.md ↔ zh_x.md, or front matter), and
 * chunks share a structural position (same heading ordinals, clause or article number).
 * A size-split part falls back to the first part of the other side.
 */
export function linkTranslations(documents: readonly DocumentInfo[], chunks: readonly Chunk[]): Map<number, number> {
  return drain(linking(documents, chunks));
}

/** The same, with pause points every few hundred passages (for the serving thread: drainSliced). */
export function* linking(documents: readonly DocumentInfo[], chunks: readonly Chunk[]): Generator<void, Map<number, number>> {
  const byKey = new Map<string, DocumentInfo[]>();
  for (const document of documents) {
    const group = byKey.get(document.translationKey);
    if (group) group.push(document);
    else byKey.set(document.translationKey, [document]);
  }
  const positions = new Map<string, Map<string, number>>();
  // Each document's chunks, so linking walks a document's own chunks, not all of them per pair (100k passages).
  const ofDocument = new Map<string, number[]>();
  for (let index = 0; index < chunks.length; index++) {
    const chunk = chunks[index]!;
    if ((index & 0xff) === 0) yield;
    const own = ofDocument.get(chunk.documentId);
    if (own) own.push(index);
    else ofDocument.set(chunk.documentId, [index]);
    const map = positions.get(chunk.documentId) ?? new Map<string, number>();
    if (!map.has(chunk.position)) map.set(chunk.position, index);
    const base = withoutPart(chunk.position);
    if (!map.has(base)) map.set(base, index);
    positions.set(chunk.documentId, map);
  }

  const links = new Map<number, number>();
  for (const group of byKey.values()) {
    const en = group.find((d) => d.language === 'en');
    const zh = group.find((d) => d.language === 'zh');
    if (!en || !zh) continue;
    for (const [from, to] of [
      [en, zh],
      [zh, en],
    ] as const) {
      const target = positions.get(to.id);
      if (!target) continue;
      yield;
      for (const index of ofDocument.get(from.id) ?? []) {
        const chunk = chunks[index]!;
        const twin = target.get(chunk.position) ?? target.get(withoutPart(chunk.position));
        if (twin !== undefined) links.set(index, twin);
      }
    }
  }
  return links;
}
