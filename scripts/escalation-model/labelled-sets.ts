/**
 * The escalation sets as training examples for the needs-person model and the reason model:
 * in-domain shop after-sales text labelled by a supervisor, hard negatives included. Trained on:
 * v2 and v3 (both parts, reported before they were trained on) and the **dev** parts of v4 and v5.
 * The v4 and v5 **test** parts are never read here: they are what issue 15's figures are reported
 * on, as text nothing was tuned or trained on.
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
import { messageReasons, NO_REASON } from '../../src/nlu/escalation/needs-person/reasons.js';
import type { CorpusExample } from './corpora.js';

const escalationDir = resolve(import.meta.dirname, '../../tests/fixtures/escalation');
const contextOnly = new Set<string>(['frustration_trend', 'repeated_question']);

/** The files that may be trained on: never a part that is still to be reported (the v4 and v5 test parts). */
export const trainableSetFiles = [
  'v2/messages-dev.jsonl',
  'v2/messages-test.jsonl',
  'v2/conversations-dev.jsonl',
  'v2/conversations-test.jsonl',
  'v3/messages-dev.jsonl',
  'v3/messages-test.jsonl',
  'v3/conversations-dev.jsonl',
  'v3/conversations-test.jsonl',
  'v4/messages-dev.jsonl',
  'v4/conversations-dev.jsonl',
  'v5/messages-dev.jsonl',
  'v5/conversations-dev.jsonl',
] as const;

/** Never trained on, whatever a caller passes: the parts issue 15's figures are reported on. */
const reportedOnly = /^v[45]\/(?:messages|conversations)-test\.jsonl$/;

function readSet(file: string): V2Item[] {
  if (reportedOnly.test(file)) throw new Error(`${file} is a test part still to be reported: it is never trained on`);
  return readJsonl<V2Item>(join(escalationDir, file));
}

/**
 * The trainable files without the sets named (`['v5']`): a model trained without a set's dev part
 * is measured on that part as text it has not seen, which is how thresholds are chosen.
 */
export function trainableFilesWithout(heldOut: readonly string[]): string[] {
  return trainableSetFiles.filter((file) => !heldOut.some((set) => file.startsWith(`${set}/`)));
}

export function labelledSetExamples(files: readonly string[] = trainableSetFiles): CorpusExample[] {
  const out: CorpusExample[] = [];
  for (const file of files) {
    for (const item of readSet(file)) {
      item.turns.forEach(({ text }, turn) => {
        const source = `labelled-sets-${item.lang}`;
        if (item.at === null || turn < item.at) out.push({ text, label: 'bot', lang: item.lang, source });
        else if (turn === item.at && item.reasons.some((reason) => !contextOnly.has(reason))) out.push({ text, label: 'person', lang: item.lang, source });
      });
    }
  }
  return out;
}

export interface ReasonExample {
  text: string;
  /** A reason of `messageReasons`, or `none`. */
  label: string;
  lang: 'en' | 'zh';
  /** A message with two reasons counts half for each. */
  weight: number;
}

/**
 * The same messages labelled with their reasons: an escalating message once per reason it gives
 * (weights summing to one), a message that does not escalate (a turn before the hand-over, a hard
 * negative) as `none`. A hand-over that only a trend or a repeated question explains is left out.
 */
export function labelledReasonExamples(files: readonly string[] = trainableSetFiles): ReasonExample[] {
  const known = new Set<string>(messageReasons);
  const out: ReasonExample[] = [];
  for (const file of files) {
    for (const item of readSet(file)) {
      item.turns.forEach(({ text }, turn) => {
        if (item.at === null || turn < item.at) out.push({ text, label: NO_REASON, lang: item.lang, weight: 1 });
        else if (turn === item.at) {
          const reasons = item.reasons.filter((reason) => known.has(reason));
          for (const reason of reasons) out.push({ text, label: reason, lang: item.lang, weight: 1 / reasons.length });
        }
      });
    }
  }
  return out;
}
