import type { QueryGroup } from '../text/analyzer.js';

/** Optimal string alignment distance, stopping early once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * Customers misspell ("refnud", "warrenty", "cancle"): an English word the knowledge base has
 * never seen, five letters or longer, also looks for the words it does know one edit away
 * (a letter added, dropped, changed or two swapped). Known words are left alone.
 */
export class SpellingVariants {
  private readonly byLength = new Map<number, string[]>();

  constructor(vocabulary: Iterable<string>) {
    for (const word of vocabulary) {
      if (!/^[a-z]{4,}$/.test(word)) continue;
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
    }
  }

  /** These variants with `words` known too (an edit's new words; a removed word's variant finds nothing and is harmless). */
  withWords(words: Iterable<string>): SpellingVariants {
    const copy = new SpellingVariants([]);
    for (const [length, list] of this.byLength) copy.byLength.set(length, list);
    for (const word of words) {
      if (!/^[a-z]{4,}$/.test(word)) continue;
      const list = copy.byLength.get(word.length) ?? [];
      if (list.includes(word)) continue;
      copy.byLength.set(word.length, [...list, word]);
    }
    return copy;
  }

  variantsOf(word: string): string[] {
    if (!/^[a-z]{5,}$/.test(word)) return [];
    const near: string[] = [];
    for (const length of [word.length - 1, word.length, word.length + 1]) {
      for (const candidate of this.byLength.get(length) ?? []) if (editDistance(word, candidate, 1) <= 1) near.push(candidate);
    }
    return near;
  }

  /** The question's groups, an unknown word's known near-spellings added to its group. */
  expand(groups: readonly QueryGroup[], knows: (term: string) => boolean): QueryGroup[] {
    return groups.map((group) => {
      if (group.terms.some(knows)) return group;
      const variants = group.terms.flatMap((term) => this.variantsOf(term));
      return variants.length ? { ...group, terms: [...group.terms, ...variants] } : group;
    });
  }
}
