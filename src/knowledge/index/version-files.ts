import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import { PassageTopics } from '../search/topic-prior.js';
import type { Chunk, DocumentInfo } from '../types.js';

export interface Manifest {
  format: 1;
  createdAt: string;
  embedder: { id: string; dimensions: number };
  /** The text analyzer the stored keyword terms were made with; another one re-analyses at load. */
  analyzer: string;
  documents: DocumentInfo[];
  chunks: number;
  /** What this version changed relative to the one it was built from, for logs and `kb list`. */
  change: { added: string[]; replaced: string[]; removed: string[]; phrased?: string[] };
  /** Set on a delta version (delta-files.ts): the full version its passages are stated against. */
  base?: string;
}

export interface VersionContent {
  manifest: Manifest;
  chunks: Chunk[];
  /** Keyword-index terms per chunk, so loading needs no Chinese segmenter. */
  terms: string[][];
  /** chunks.length × dimensions, row per chunk, in chunk order. */
  vectors: Float32Array;
}

export const contextOf = (chunk: Chunk): string => [...new Set([chunk.title, ...chunk.headings, chunk.section].filter((part): part is string => Boolean(part)))].join(' › ');

/**
 * The text a chunk is embedded and keyword-indexed as: its title and headings give short rules
 * their context, and the model's phrasings (doc2query) the words customers use for it. An
 * admin's phrasings are customers' own messages, with their dates, products and symptoms: mixed
 * into the passage they made it match unrelated questions that shared a detail word (attaching
 * the 54 missed dev questions of the sample shop lowered test top-1 from 66.1 to 61.9% in
 * English and 75.8 to 72.5% in Chinese), so they are matched as whole questions instead
 * (phrasing-match.ts).
 */
export const indexTextOf = (chunk: Chunk): string => [contextOf(chunk), chunk.text, ...(chunk.modelPhrasings ?? [])].join('\n');

/** What a chunk is titled as: its headings and the model's phrasings (an admin's are matched whole: phrasing-match.ts). */
export const titlesOf = (chunk: Chunk): string => [...chunk.headings, chunk.section ?? '', ...(chunk.modelPhrasings ?? [])].join('\n');

export function vectorOf(vectors: Float32Array, index: number, dimensions: number): number[] {
  return Array.from(vectors.subarray(index * dimensions, (index + 1) * dimensions));
}

/** A row of the vectors file without copying it (100k rows as arrays of numbers cost seconds and gigabytes). */
export function vectorRow(vectors: Float32Array, index: number, dimensions: number): Float32Array {
  return vectors.subarray(index * dimensions, (index + 1) * dimensions);
}

/**
 * An HNSW graph over the chunks' vectors; each entry's metadata is the chunk's position in
 * chunks.json. A graph updated incrementally also holds deleted points (marked, never found),
 * so its labels are not positions: the docstore maps one to the other.
 */
export async function createHnsw(embeddings: KnowledgeEmbeddings, chunks: readonly Chunk[], vectors: Float32Array, dimensions: number): Promise<HNSWLib> {
  const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dimensions });
  await store.addVectors(
    chunks.map((_, index) => vectorOf(vectors, index, dimensions)),
    chunks.map((chunk, index) => new Document({ pageContent: chunk.id, metadata: { index } })),
  );
  return store;
}

/**
 * Writes a version's files. The HNSW graph is LangChain's HNSWLib store, saved as it saves
 * itself: `hnsw` when an incremental build updated the live one, else built here from the vectors.
 */
export async function writeVersion(dir: string, content: VersionContent, embeddings: KnowledgeEmbeddings, hnsw?: HNSWLib): Promise<void> {
  const { manifest, chunks, terms, vectors } = content;
  const dimensions = manifest.embedder.dimensions;
  await writeFile(join(dir, 'chunks.json'), JSON.stringify(chunks));
  await writeFile(join(dir, 'terms.json'), JSON.stringify(terms));
  await writeFile(join(dir, 'vectors.f32'), new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength));
  if (chunks.length > 0) {
    await (hnsw ?? (await createHnsw(embeddings, chunks, vectors, dimensions))).save(join(dir, 'hnsw'));
  } else {
    await mkdir(join(dir, 'hnsw'), { recursive: true });
  }
  // The manifest goes last: a folder without one was never finished.
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

export async function readManifest(dir: string): Promise<Manifest> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.format !== 1) throw new Error(`unknown index format ${String(manifest.format)} in ${dir}`);
  return manifest;
}

export async function readChunks(dir: string): Promise<Chunk[]> {
  return JSON.parse(await readFile(join(dir, 'chunks.json'), 'utf8')) as Chunk[];
}

export async function readTerms(dir: string): Promise<string[][] | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'terms.json'), 'utf8')) as string[][];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function readVectors(dir: string, expected: number): Promise<Float32Array> {
  const bytes = await readFile(join(dir, 'vectors.f32'));
  if (bytes.byteLength !== expected * 4) throw new Error(`vectors.f32 in ${dir} holds ${bytes.byteLength / 4} values, expected ${expected}`);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * What each passage is about (topic-prior.ts), stored beside the version: `topics.json` names
 * the reader and its labels, `topics.f64` holds a row per passage. Written into the staging
 * folder before a version is published; for a version published without them, written later
 * beside it (each file by rename, `topics.json` last, so a reader finds all or none). A version
 * without them, or with another reader's, has its rows classified when loaded.
 */
export async function writeTopics(dir: string, topics: PassageTopics): Promise<void> {
  // Copies taken together: rows may still be filled while the files are written.
  const rows = topics.rows.slice();
  const filled = topics.filled.slice();
  const put = async (file: string, data: Uint8Array | string) => {
    const temporary = join(dir, `.${file}.${process.pid}.tmp`);
    await writeFile(temporary, data);
    await rename(temporary, join(dir, file));
  };
  await put('topics.f64', new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength));
  await put('topics-filled.u8', filled);
  await put('topics.json', JSON.stringify({ reader: topics.reader, labels: topics.labels, passages: topics.size }));
}

export async function readTopics(dir: string): Promise<PassageTopics | null> {
  try {
    const { reader, labels, passages } = JSON.parse(await readFile(join(dir, 'topics.json'), 'utf8')) as { reader: string; labels: string[]; passages: number };
    const bytes = await readFile(join(dir, 'topics.f64'));
    const filled = await readFile(join(dir, 'topics-filled.u8'));
    if (bytes.byteLength !== passages * labels.length * 8 || filled.byteLength !== passages) return null;
    const rows = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return new PassageTopics(reader, labels, rows, new Uint8Array(filled));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function loadHnsw(dir: string, embeddings: KnowledgeEmbeddings): Promise<HNSWLib> {
  return HNSWLib.load(join(dir, 'hnsw'), embeddings);
}
