/** Seeded PRNG (mulberry32) so every run benchmarks the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): () => number {
  return () => {
    let u = 0;
    while (u === 0) u = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/**
 * A space shaped like sentence embeddings of policy passages: topic clusters whose members
 * vary along a few latent directions (embeddings have a low intrinsic dimension), plus a
 * little isotropic noise. Isotropic noise alone would make every neighbour almost
 * equidistant, a shape no embedding model produces. Documents and queries are sampled
 * from the same space with different seeds.
 */
export function embeddingLikeSpace(dimensions: number, clusters: number, seed: number, latent = 16) {
  const normal = gaussian(seededRandom(seed));
  const centres = Array.from({ length: clusters }, () => Float32Array.from({ length: dimensions }, normal));
  const bases = Array.from({ length: clusters }, () => Array.from({ length: latent }, () => Float32Array.from({ length: dimensions }, () => normal() * 0.35)));
  return function sample(count: number, sampleSeed: number): Float32Array {
    const random = seededRandom(sampleSeed);
    const noise = gaussian(random);
    const out = new Float32Array(count * dimensions);
    for (let i = 0; i < count; i++) {
      const cluster = Math.floor(random() * clusters);
      const centre = centres[cluster]!;
      const basis = bases[cluster]!;
      const weights = Array.from({ length: latent }, noise);
      const offset = i * dimensions;
      let norm = 0;
      for (let j = 0; j < dimensions; j++) {
        let value = centre[j]! + noise() * 0.05;
        for (let l = 0; l < latent; l++) value += weights[l]! * basis[l]![j]!;
        out[offset + j] = value;
        norm += value * value;
      }
      norm = Math.sqrt(norm);
      for (let j = 0; j < dimensions; j++) out[offset + j]! /= norm;
    }
    return out;
  };
}
