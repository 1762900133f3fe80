import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESCALATION_REASONS } from '../../src/domain/enums.js';
import { repoRoot } from '../../testkit/runtime.js';

interface Conversation {
  id: string;
  lang: string;
  turns: Array<{ text: string; polarity: string }>;
  reasons: string[];
  optional?: string[];
  hard_negative?: boolean;
}

const read = (name: string) =>
  readFileSync(join(repoRoot, 'tests/fixtures/escalation', name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Conversation);
// The set exercises the customer-side policy; a reply the model wrote is guarded elsewhere
// (tests/llm), so `unsupported_commitment` has no customer message that triggers it.
// The reasons added with the v2 set (tests/fixtures/escalation/v2) are measured there, not here.
const v2Only = new Set(['unsupported_commitment', 'repeated_contact', 'broken_promise', 'no_response', 'fraud_accusation', 'compensation_demand']);
const reasons = ESCALATION_REASONS.filter((reason) => !v2Only.has(reason));

describe('the escalation evaluation sets', () => {
  const test = read('conversations-test.jsonl');
  const dev = read('conversations-dev.jsonl');

  it('the test set has 100+ conversations in both languages, every reason, and hard negatives', () => {
    expect(test.length).toBeGreaterThanOrEqual(100);
    for (const lang of ['en', 'zh']) expect(test.filter((c) => c.lang === lang).length).toBeGreaterThanOrEqual(40);
    for (const reason of reasons) {
      for (const lang of ['en', 'zh']) expect(test.filter((c) => c.lang === lang && c.reasons.includes(reason)).length, `${reason} ${lang}`).toBeGreaterThanOrEqual(4);
    }
    expect(test.filter((c) => c.hard_negative && c.reasons.length === 0).length).toBeGreaterThanOrEqual(25);
  });

  it('every label is a known reason or polarity, and ids are unique', () => {
    for (const set of [test, dev]) {
      expect(new Set(set.map((c) => c.id)).size).toBe(set.length);
      for (const conversation of set) {
        for (const reason of [...conversation.reasons, ...(conversation.optional ?? [])]) expect(reasons).toContain(reason);
        for (const turn of conversation.turns) expect(['negative', 'neutral', 'positive']).toContain(turn.polarity);
      }
    }
  });

  it('no text is shared between the dev set (tuned on) and the test set (reported)', () => {
    const devTexts = new Set(dev.flatMap((c) => c.turns.map((t) => t.text)));
    const shared = test.flatMap((c) => c.turns.map((t) => t.text)).filter((text) => devTexts.has(text));
    expect(shared).toEqual([]);
  });
});
