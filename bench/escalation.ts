/**
 * `npm run bench:escalation`: what the escalation decision costs per message, offline: the
 * learned needs-person judgement alone, and the whole rule set around it (phrases, lexicon,
 * judgement), on the v2 dev messages in both languages. Target: under 1 ms per message.
 */
import { decideEscalation } from '../src/nlu/escalation/policy.js';
import { shippedNeedsPersonClassifier } from '../src/nlu/escalation/needs-person/classifier.js';
import { readV2 } from '../scripts/sentiment-eval/escalation-v2.js';

const texts = readV2(['dev']).flatMap(({ item }) => item.turns.map((t) => t.text));
const loadStarted = performance.now();
const classifier = shippedNeedsPersonClassifier();
const loadMs = performance.now() - loadStarted;

function measure(run: (text: string) => unknown, rounds: number): { medianUs: number; p99Us: number; meanUs: number; slowestUs: number } {
  for (const text of texts) run(text); // warm-up: JIT and caches
  const samples: number[] = [];
  const perText: number[][] = texts.map(() => []);
  for (let r = 0; r < rounds; r++) {
    texts.forEach((text, i) => {
      const started = performance.now();
      run(text);
      const us = (performance.now() - started) * 1000;
      samples.push(us);
      perText[i]!.push(us);
    });
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  // A message's own cost is the median of its rounds: one slow round is the shared machine or GC, not the message.
  const ownCost = perText.map((runs) => runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!);
  return { medianUs: at(0.5), p99Us: at(0.99), meanUs: samples.reduce((a, b) => a + b, 0) / samples.length, slowestUs: Math.max(...ownCost) };
}

const judge = measure((text) => classifier.judge(text), 20);
const decide = measure((text) => decideEscalation({ text, sentiment: null, history: [] }), 20);
const row = (name: string, m: ReturnType<typeof measure>) =>
  `| ${name} | ${m.medianUs.toFixed(0)} µs | ${m.p99Us.toFixed(0)} µs | ${m.meanUs.toFixed(0)} µs | ${m.slowestUs.toFixed(0)} µs | ${m.slowestUs < 1000 ? 'yes' : 'NO'} |`;
console.log(`escalation decision per message: ${texts.length} v2 dev messages (en + zh) × 20 rounds; model loaded in ${loadMs.toFixed(0)} ms`);
console.log('| step | median | p99 (all runs) | mean | slowest message (its median) | every message under 1 ms |');
console.log('|---|---|---|---|---|---|');
console.log(row('needs-person judgement', judge));
console.log(row('whole decision (rules + lexicon + judgement)', decide));
