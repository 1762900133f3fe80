import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassageTopics } from '../search/topic-prior.js';
import type { Chunk } from '../types.js';
import type { Manifest } from './version-files.js';

/**
 * A delta version: the passages that differ from a full (base) version, so an edit writes and
 * reads a few dozen passages instead of all of them. It is cumulative: every delta of a chain
 * is stated against the same base, so any version loads as base + one delta, and a version
 * older than the newest delta is never needed to load a newer one.
 *
 * The version's passages, in order: the base's passages not in `removed` (base order), then
 * `chunks` (the added ones, each with a `seq` that increases along the chain, so a process
 * serving an older delta of the chain knows which of its added passages it already has).
 */
export interface DeltaContent {
  base: string;
  /** Passages in the base version. */
  baseSize: number;
  /** Base positions that are gone, ascending. */
  removed: Int32Array;
  /** One per added passage, ascending. */
  seqs: Int32Array;
  /** The seq the next added passage gets. */
  nextSeq: number;
  chunks: Chunk[];
  terms: string[][];
  /** chunks.length × dimensions. */
  vectors: Float32Array;
}

interface DeltaHeader {
  format: 1;
  base: string;
  baseSize: number;
  removed: number[];
  seqs: number[];
  nextSeq: number;
}

/** Compaction: a delta larger than this is folded into a new base by the next build (in the worker). */
export const MAX_DELTA_PASSAGES = 5000;
export const MAX_DELTA_SHARE = 0.1;

/** The delta's passages (added) or the base passages it drops, whichever is more. */
export const deltaSize = (delta: Pick<DeltaContent, 'removed' | 'seqs'>) => Math.max(delta.removed.length, delta.seqs.length);
export const deltaTooLarge = (size: number, baseSize: number) => size > Math.min(MAX_DELTA_PASSAGES, MAX_DELTA_SHARE * baseSize);

/** Written, flushed to disk and closed: the staging folder is renamed into place only after every file is durable. */
async function writeDurably(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a delta version into a staging folder (published like a full one: renamed into place,
 * then CURRENT). `topics` holds the added passages' rows only. The manifest goes last.
 */
export async function writeDelta(dir: string, manifest: Manifest, delta: DeltaContent, topics: PassageTopics | null): Promise<void> {
  const header: DeltaHeader = {
    format: 1,
    base: delta.base,
    baseSize: delta.baseSize,
    removed: Array.from(delta.removed),
    seqs: Array.from(delta.seqs),
    nextSeq: delta.nextSeq,
  };
  await writeDurably(join(dir, 'delta.json'), JSON.stringify(header));
  await writeDurably(join(dir, 'chunks.json'), JSON.stringify(delta.chunks));
  await writeDurably(join(dir, 'terms.json'), JSON.stringify(delta.terms));
  await writeDurably(join(dir, 'vectors.f32'), new Uint8Array(delta.vectors.buffer, delta.vectors.byteOffset, delta.vectors.byteLength));
  if (topics && topics.size === delta.chunks.length) {
    await writeDurably(join(dir, 'topics.f64'), new Uint8Array(topics.rows.buffer, topics.rows.byteOffset, topics.rows.byteLength));
    await writeDurably(join(dir, 'topics-filled.u8'), topics.filled);
    await writeDurably(join(dir, 'topics.json'), JSON.stringify({ reader: topics.reader, labels: topics.labels, passages: topics.size }));
  }
  await writeDurably(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, base: delta.base }, null, 2));
}

const ascending = (values: Int32Array) => values.every((value, i) => i === 0 || value > values[i - 1]!);

/** A delta version's contents, checked against its manifest. */
export async function readDelta(dir: string, manifest: Manifest): Promise<DeltaContent> {
  const header = JSON.parse(await readFile(join(dir, 'delta.json'), 'utf8')) as DeltaHeader;
  if (header.format !== 1 || header.base !== manifest.base) throw new Error(`${dir}: delta.json does not match its manifest`);
  const chunks = JSON.parse(await readFile(join(dir, 'chunks.json'), 'utf8')) as Chunk[];
  const terms = JSON.parse(await readFile(join(dir, 'terms.json'), 'utf8')) as string[][];
  const bytes = await readFile(join(dir, 'vectors.f32'));
  const dimensions = manifest.embedder.dimensions;
  const removed = Int32Array.from(header.removed);
  const seqs = Int32Array.from(header.seqs);
  if (seqs.length !== chunks.length || terms.length !== chunks.length) throw new Error(`${dir}: the delta lists ${seqs.length} passages, holds ${chunks.length}`);
  if (bytes.byteLength !== chunks.length * dimensions * 4) throw new Error(`${dir}: vectors.f32 holds ${bytes.byteLength / 4} values, expected ${chunks.length * dimensions}`);
  if (!ascending(removed) || !ascending(seqs) || (removed.length > 0 && removed[removed.length - 1]! >= header.baseSize)) throw new Error(`${dir}: delta.json is not in order`);
  if (header.baseSize - removed.length + chunks.length !== manifest.chunks)
    throw new Error(`${dir}: the delta makes ${header.baseSize - removed.length + chunks.length} passages, the manifest says ${manifest.chunks}`);
  const vectors = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { base: header.base, baseSize: header.baseSize, removed, seqs, nextSeq: header.nextSeq, chunks, terms, vectors };
}

/** Rows `from`… of `topics` as their own table (the delta's added passages). */
export function topicsTail(topics: PassageTopics, from: number): PassageTopics {
  const width = topics.labels.length;
  return new PassageTopics(topics.reader, topics.labels, topics.rows.slice(from * width), topics.filled.slice(from));
}

/** A full version as the base of its own (empty) chain. */
export function selfLineage(name: string, size: number): DeltaContent {
  return { base: name, baseSize: size, removed: new Int32Array(0), seqs: new Int32Array(0), nextSeq: 0, chunks: [], terms: [], vectors: new Float32Array(0) };
}
