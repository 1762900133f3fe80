/** Words of a product title that say what it is ("lunch", "bag", "woodland"), not how many. */
function wordsOf(title: string): string[] {
  return [
    ...new Set(
      title
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 1 && !/^\d+$/.test(w)),
    ),
  ];
}

/**
 * For each title, the most similar other titles by TF-IDF cosine: "LUNCH BAG WOODLAND" is close
 * to "LUNCH BAG APPLE DESIGN". It finds related products that were never bought together yet
 * (new products, small shops), and category words count like any other word of the title.
 */
export function titleNeighbours(titles: readonly string[], limit: number): Array<{ ids: Int32Array; scores: Float32Array }> {
  const words = titles.map(wordsOf);
  const postings = new Map<string, number[]>();
  words.forEach((ws, i) => ws.forEach((w) => (postings.get(w) ?? postings.set(w, []).get(w)!).push(i)));
  const idf = new Map<string, number>();
  for (const [w, ids] of postings) idf.set(w, Math.log(titles.length / ids.length));
  const norms = words.map((ws) => Math.sqrt(ws.reduce((sum, w) => sum + idf.get(w)! ** 2, 0)) || 1);
  const dot = new Float64Array(titles.length);
  return words.map((ws, i) => {
    const touched: number[] = [];
    for (const w of ws) {
      const weight = idf.get(w)! ** 2;
      if (weight === 0) continue;
      for (const j of postings.get(w)!) {
        if (j === i) continue;
        if (dot[j] === 0) touched.push(j);
        dot[j] = dot[j]! + weight;
      }
    }
    const top = touched
      .map((j) => {
        const score = dot[j]! / (norms[i]! * norms[j]!);
        dot[j] = 0;
        return { j, score };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
    return { ids: Int32Array.from(top, (t) => t.j), scores: Float32Array.from(top, (t) => t.score) };
  });
}
