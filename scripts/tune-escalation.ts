/**
 * Grid search for the escalation thresholds on the escalation dev conversations only
 * (tests/fixtures/escalation/conversations-dev.jsonl), with the configured model and with the
 * lexicon alone. Prints the grid's best points; the defaults in src/config are set by hand
 * from the middle of the plateau, not from the single best point.
 *   npm run tune:escalation
 */
import { escalationDevPath, readConversations } from './sentiment-eval/escalation-set.js';
import { escalationMetrics, runConversations } from './sentiment-eval/escalation-eval.js';
import { fmt } from './sentiment-eval/metrics.js';

const conversations = readConversations(escalationDevPath);
const bases: Array<Record<string, string>> = [{ SENTIMENT_ALLOW_DOWNLOAD: 'false' }, { SENTIMENT_MODEL: 'lexicon' }];
for (const base of bases) {
  const rows: Array<{ setting: string; f1: number; reasonF1: number }> = [];
  let serving = '';
  for (const anger of ['0.6', '0.7', '0.8', '0.9'])
    for (const rise of ['0.1', '0.2', '0.3'])
      for (const similarity of ['0.6', '0.7', '0.8', '0.9']) {
        const env = { ...base, ESCALATION_ANGER_THRESHOLD: anger, ESCALATION_TREND_MIN_RISE: rise, ESCALATION_REPEAT_SIMILARITY: similarity };
        const run = await runConversations(conversations, env);
        serving = run.serving;
        const metrics = escalationMetrics(run.results);
        const reasons = Object.values(metrics.perReason);
        const reasonF1 = reasons.reduce((sum, r) => sum + (r.precision + r.recall > 0 ? (2 * r.precision * r.recall) / (r.precision + r.recall) : 0), 0) / reasons.length;
        rows.push({ setting: `anger ${anger} rise ${rise} similarity ${similarity}`, f1: metrics.binary.f1, reasonF1 });
      }
  rows.sort((a, b) => b.f1 + b.reasonF1 - (a.f1 + a.reasonF1));
  console.log(`${serving}: best of ${rows.length} (escalate F1 / mean per-reason F1)`);
  for (const row of rows.slice(0, 12)) console.log(`  ${fmt(row.f1)} / ${fmt(row.reasonF1)}  ${row.setting}`);
  console.log(`  worst: ${fmt(rows.at(-1)!.f1)} / ${fmt(rows.at(-1)!.reasonF1)}  ${rows.at(-1)!.setting}`);
}
