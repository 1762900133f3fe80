import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestFile } from '../../src/knowledge/ingest/collect-files.js';
import { seededRandom } from './random.js';

/**
 * A large English policy base: `documents` files of `sections` rules each, one passage per
 * rule, written from the sample knowledge base's own vocabulary (so keyword statistics look
 * like policy text, not noise) by a seeded generator: the same base on every run.
 */
export function syntheticPolicies(knowledgeDir: string, documents: number, sections: number, seed = 100): IngestFile[] {
  const words = readdirSync(join(knowledgeDir, 'en'))
    .flatMap(
      (name) =>
        readFileSync(join(knowledgeDir, 'en', name), 'utf8')
          .toLowerCase()
          .match(/[a-z][a-z'-]{2,}/g) ?? [],
    )
    .filter((word, i, all) => all.indexOf(word) === i);
  const random = seededRandom(seed);
  const pick = () => words[Math.floor(random() * words.length)]!;
  const sentence = () => {
    const text = Array.from({ length: 10 + Math.floor(random() * 10) }, pick).join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)} within ${1 + Math.floor(random() * 90)} days.`;
  };
  return Array.from({ length: documents }, (_, d) => {
    const rules = Array.from({ length: sections }, (_, s) => `## Rule ${d + 1}.${s + 1}: ${pick()} ${pick()}\n${sentence()} ${sentence()}\n`);
    const body = `---\ntitle: Store policy ${d + 1}\nlanguage: en\n---\n# Store policy ${d + 1}\n\n${rules.join('\n')}`;
    return { id: `policies/policy-${String(d + 1).padStart(5, '0')}.md`, bytes: Buffer.from(body) };
  });
}
