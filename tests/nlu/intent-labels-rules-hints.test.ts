import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadShippedExamples } from '../../src/nlu/intent/example-files.js';
import { normalise } from '../../src/nlu/intent/features.js';
import { allIntentLabels } from '../../src/nlu/intent/labels.js';
import { preciseRules } from '../../src/nlu/intent/precise-rules.js';
import { retrievalHint, retrievalHints } from '../../src/nlu/intent/retrieval-hints.js';
import { repoRoot } from '../../testkit/runtime.js';

describe('precise keyword rules', () => {
  it.each(preciseRules.map(([label, pattern]) => [label, pattern] as const))(
    'the %s rule is right on at least 97% of the training examples it fires on',
    async (label, pattern) => {
      const fired = (await loadShippedExamples('train')).filter((example) => pattern.test(normalise(example.text)));
      const wrong = fired.filter((example) => example.label !== label).map((example) => `${example.label}: ${example.text}`);
      expect(fired.length, 'too few examples to judge the rule by').toBeGreaterThanOrEqual(10);
      expect(wrong.length / fired.length, wrong.join('\n')).toBeLessThanOrEqual(0.03);
    },
  );
});

describe('retrieval hints', () => {
  const knowledge = (language: 'en' | 'zh') =>
    readdirSync(join(repoRoot, 'knowledge', language))
      .map((file) => readFileSync(join(repoRoot, 'knowledge', language, file), 'utf8'))
      .join('\n')
      .toLowerCase();

  it('name every label, and only labels', () => {
    expect(Object.keys(retrievalHints).sort()).toEqual([...allIntentLabels].sort());
  });

  it.each(['en', 'zh'] as const)('use words the %s policy documents use', (language) => {
    const text = knowledge(language);
    for (const label of allIntentLabels) {
      for (const term of retrievalHint(label, language).split(/\s+/).filter(Boolean)) {
        expect(text, `${label}: "${term}"`).toContain(term.toLowerCase());
      }
    }
  });

  it('add nothing for turns no policy answers', () => {
    expect(retrievalHint('greeting', 'en')).toBe('');
    expect(retrievalHint('other', 'zh')).toBe('');
    expect(retrievalHint(undefined, 'zh')).toBe('');
  });
});

describe('the label list', () => {
  it('is documented in docs/replies-and-models.md, every label and nothing else', () => {
    const readme = readFileSync(join(repoRoot, 'docs', 'replies-and-models.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Intent recognition'), readme.indexOf('**Offline classifier**'));
    const documented = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((match) => match[1]);
    expect(documented).toEqual(allIntentLabels);
  });
});
