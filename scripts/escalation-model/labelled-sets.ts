/**
 * The escalation sets whose test parts have been reported (v2 and v3, both parts), as training
 * examples for the needs-person model: in-domain shop after-sales text labelled by a
 * supervisor, hard negatives included. v4 is never read here: its dev part stays unseen by the
 * model so that tuning on it says how the model does on new text, and its test part is what
 * issue 15's figures are reported on.
 *
 * A single message labelled to escalate is `person`, one labelled not to is `bot`. In a
 * conversation the customer turns before the hand-over are `bot` and the hand-over turn is
 * `person`, unless its only reasons are how the conversation went (a trend, a repeated
 * question): those need the earlier turns, which one message cannot show. Turns after the
 * hand-over say nothing either way and are left out.
 */
import { join, resolve } from 'node:path';
import { readJsonl } from '../sentiment-eval/dev-sets.js';
import type { V2Item } from '../sentiment-eval/escalation-v2.js';
import type { CorpusExample } from './corpora.js';

const escalationDir = resolve(import.meta.dirname, '../../tests/fixtures/escalation');
const contextOnly = new Set<string>(['frustration_trend', 'repeated_question']);

/** The files that may be trained on: never a part that is still to be reported. */
export const trainableSetFiles = [
  'v2/messages-dev.jsonl',
  'v2/messages-test.jsonl',
  'v2/conversations-dev.jsonl',
  'v2/conversations-test.jsonl',
  'v3/messages-dev.jsonl',
  'v3/messages-test.jsonl',
  'v3/conversations-dev.jsonl',
  'v3/conversations-test.jsonl',
] as const;

export function labelledSetExamples(files: readonly string[] = trainableSetFiles): CorpusExample[] {
  const out: CorpusExample[] = [];
  for (const file of files) {
    for (const item of readJsonl<V2Item>(join(escalationDir, file))) {
      item.turns.forEach(({ text }, turn) => {
        const source = `labelled-sets-${item.lang}`;
        if (item.at === null || turn < item.at) out.push({ text, label: 'bot', lang: item.lang, source });
        else if (turn === item.at && item.reasons.some((reason) => !contextOnly.has(reason))) out.push({ text, label: 'person', lang: item.lang, source });
      });
    }
  }
  return out;
}
