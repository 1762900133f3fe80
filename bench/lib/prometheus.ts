/** Cumulative bucket counts of one histogram series from a Prometheus text exposition. */
export function histogramBuckets(text: string, name: string, labels: Record<string, string>): Array<[number, number]> {
  const buckets: Array<[number, number]> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}_bucket{`)) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    const count = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (le) buckets.push([le === '+Inf' ? Infinity : Number(le), count]);
  }
  return buckets.sort((a, b) => a[0] - b[0]);
}

/** Per-bucket difference of two snapshots of the same series (what happened in between). */
export function bucketDelta(after: Array<[number, number]>, before: Array<[number, number]>): Array<[number, number]> {
  return after.map(([le, count]) => [le, count - (before.find(([b]) => b === le)?.[1] ?? 0)]);
}

/** Prometheus' histogram_quantile: linear interpolation inside the bucket holding the quantile. */
export function histogramQuantile(q: number, buckets: Array<[number, number]>): number {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let previousLe = 0;
  let previousCount = 0;
  for (const [le, count] of buckets) {
    if (count >= rank) {
      if (le === Infinity) return previousLe;
      return previousLe + ((le - previousLe) * (rank - previousCount)) / Math.max(1, count - previousCount);
    }
    previousLe = le;
    previousCount = count;
  }
  return previousLe;
}
