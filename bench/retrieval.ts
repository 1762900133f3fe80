import hnswlib from 'hnswlib-node';
import { bruteForceTopK } from './lib/brute-force.js';
import { embeddingLikeSpace } from './lib/random.js';
import type { Figure } from './lib/report.js';
import { median, percentile, round } from '../src/stats.js';
import { rssMiB } from './lib/measure.js';

const dimensions = 384; // multilingual-e5-small, the default embedding model
const k = 10;

export interface RetrievalBenchOptions {
  sizes: number[];
  queries: number;
  bruteForceQueries: number;
  /** The knowledge base's index parameters, so the figures describe what production runs. */
  m: number;
  efConstruction: number;
  efSearch: number;
}

/** hnswlib's own layout: vectors plus 2M level-0 links and a label per element (upper levels are small). */
function expectedMiB(size: number, m: number): number {
  return (size * (dimensions * 4 + 2 * m * 4 + 4 + 8)) / 2 ** 20;
}

async function benchSize(size: number, options: RetrievalBenchOptions): Promise<Figure[]> {
  const section = `retrieval ${size / 1000}k`;
  const clusters = Math.max(20, Math.round(size / 500));
  const space = embeddingLikeSpace(dimensions, clusters, size);
  const vectors = space(size, 1);
  const queries = space(options.queries, 2);
  const query = (i: number) => queries.subarray(i * dimensions, (i + 1) * dimensions);

  // Settle the allocator after generating the vectors, so the RSS delta is the index's own.
  for (let i = 0; i < 3; i++) rssMiB();
  await new Promise((resolve) => setImmediate(resolve));
  const before = rssMiB();
  const buildStart = performance.now();
  const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
  index.initIndex(size, options.m, options.efConstruction, 100);
  const point = new Array<number>(dimensions);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < dimensions; j++) point[j] = vectors[i * dimensions + j]!;
    index.addPoint(point, i);
  }
  const buildMs = performance.now() - buildStart;
  const indexMiB = rssMiB() - before;
  index.setEf(options.efSearch);

  const hnswTimes: number[] = [];
  const hnswResults: number[][] = [];
  for (let i = 0; i < options.queries; i++) {
    const q = Array.from(query(i));
    const start = performance.now();
    const result = index.searchKnn(q, k);
    hnswTimes.push(performance.now() - start);
    hnswResults.push(result.neighbors);
  }

  const bruteTimes: number[] = [];
  let found = 0;
  for (let i = 0; i < options.bruteForceQueries; i++) {
    const start = performance.now();
    const exact = bruteForceTopK(vectors, dimensions, query(i), k);
    bruteTimes.push(performance.now() - start);
    const approximate = new Set(hnswResults[i]);
    found += exact.filter((id) => approximate.has(id)).length;
  }
  const recall = found / (options.bruteForceQueries * k);
  const speedup = median(bruteTimes) / median(hnswTimes);
  const big = size >= 100_000;
  return [
    { section, name: 'hnswlib build', value: round(buildMs / 1000, 1), unit: 's', note: `M=${options.m} efConstruction=${options.efConstruction}` },
    {
      section,
      name: 'hnswlib index memory',
      value: round(Math.max(indexMiB, expectedMiB(size, options.m)), 0),
      unit: 'MiB',
      note: `RSS delta ${round(indexMiB, 0)} MiB; layout estimate ${round(expectedMiB(size, options.m), 0)} MiB`,
    },
    { section, name: 'brute-force vectors memory', value: round(vectors.byteLength / 2 ** 20, 0), unit: 'MiB' },
    { section, name: 'hnswlib query p50', value: round(median(hnswTimes), 3), unit: 'ms', note: `ef=${options.efSearch}` },
    { section, name: 'hnswlib query p95', value: round(percentile(hnswTimes, 95), 3), unit: 'ms' },
    { section, name: 'brute-force query p50', value: round(median(bruteTimes), 2), unit: 'ms' },
    { section, name: 'brute-force query p95', value: round(percentile(bruteTimes, 95), 2), unit: 'ms' },
    { section, name: 'speed-up (median)', value: round(speedup, 1), unit: '×', target: big ? { op: '>=', value: 20 } : undefined },
    { section, name: 'recall@10 vs brute force', value: round(recall, 4), unit: '', target: big ? { op: '>=', value: 0.98 } : undefined },
  ];
}

export async function retrievalBench(options: RetrievalBenchOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const size of options.sizes) figures.push(...(await benchSize(size, options)));
  return figures;
}
