/** Exact top-k by cosine over unit vectors laid out in one Float32Array: the simple alternative. */
export function bruteForceTopK(vectors: Float32Array, dimensions: number, query: Float32Array, k: number): number[] {
  const count = vectors.length / dimensions;
  const best: Array<{ index: number; score: number }> = [];
  for (let i = 0; i < count; i++) {
    let dot = 0;
    const offset = i * dimensions;
    for (let j = 0; j < dimensions; j++) dot += vectors[offset + j]! * query[j]!;
    if (best.length < k) {
      best.push({ index: i, score: dot });
      best.sort((a, b) => b.score - a.score);
    } else if (dot > best[k - 1]!.score) {
      best[k - 1] = { index: i, score: dot };
      best.sort((a, b) => b.score - a.score);
    }
  }
  return best.map((entry) => entry.index);
}
