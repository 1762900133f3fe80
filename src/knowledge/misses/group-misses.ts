import type { KbMiss } from '../../store/types.js';

/** Similar unanswered questions shown as one line of the misses list. */
export interface MissGroup {
  /** The most recent question of the group, as the list shows it. */
  question: string;
  count: number;
  languages: string[];
  kinds: Record<string, number>;
  lastAt: Date;
  /** Every miss in the group, newest first (ids are what an admin resolves). */
  misses: KbMiss[];
}

const cjk = /[\u3400-\u9fff]/;

/** Words the keyword index would see, plus Chinese character bigrams so 换码 and 换尺码 still meet. */
function featuresOf(question: string, terms: (text: string) => string[]): Set<string> {
  // Redaction placeholders ([EMAIL_1]) say nothing about what was asked.
  const text = question.replace(/\[[A-Z_]+_\d+\]/g, ' ');
  const features = new Set(terms(text));
  const han = [...text].filter((ch) => cjk.test(ch));
  for (let i = 0; i + 1 < han.length; i++) features.add(`bi:${han[i]}${han[i + 1]}`);
  return features;
}

/**
 * Groups questions by the idf-weighted cosine of their terms, greedily, newest first: a
 * question joins the first group whose centre question it is close enough to. Cheap and
 * deterministic, for lists of a few thousand.
 */
export function groupMisses(misses: readonly KbMiss[], terms: (text: string) => string[], threshold = 0.5): MissGroup[] {
  const features = misses.map((miss) => featuresOf(miss.question, terms));
  const documentFrequency = new Map<string, number>();
  for (const set of features) for (const term of set) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const idf = (term: string) => Math.log(1 + misses.length / (documentFrequency.get(term) ?? 1));
  const norm = (set: Set<string>) => Math.sqrt([...set].reduce((sum, term) => sum + idf(term) ** 2, 0));
  const cosine = (a: Set<string>, b: Set<string>, na: number, nb: number) => {
    if (na === 0 || nb === 0) return 0;
    let dot = 0;
    for (const term of a) if (b.has(term)) dot += idf(term) ** 2;
    return dot / (na * nb);
  };

  const groups: Array<{ centre: number; members: number[] }> = [];
  const norms = features.map(norm);
  misses.forEach((miss, index) => {
    const exact = groups.find((group) => misses[group.centre]!.question.toLowerCase() === miss.question.toLowerCase());
    const home =
      exact ??
      groups.find(
        (group) => misses[group.centre]!.language === miss.language && cosine(features[group.centre]!, features[index]!, norms[group.centre]!, norms[index]!) >= threshold,
      );
    if (home) home.members.push(index);
    else groups.push({ centre: index, members: [index] });
  });

  return groups
    .map(({ centre, members }) => {
      const items = members.map((i) => misses[i]!).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      const kinds: Record<string, number> = {};
      for (const item of items) kinds[item.kind] = (kinds[item.kind] ?? 0) + 1;
      return {
        question: misses[centre]!.question,
        count: items.length,
        languages: [...new Set(items.map((item) => item.language))],
        kinds,
        lastAt: items[0]!.createdAt,
        misses: items,
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt.getTime() - a.lastAt.getTime());
}

/** A group as the admin API and `kb misses --json` print it. */
export const missGroupJson = (group: MissGroup) => ({
  question: group.question,
  count: group.count,
  languages: group.languages,
  kinds: group.kinds,
  lastAt: group.lastAt.toISOString(),
  misses: group.misses.map((miss) => ({ id: miss.id, question: miss.question, language: miss.language, kind: miss.kind, intent: miss.intent, at: miss.createdAt.toISOString() })),
});
