import { fmt } from './metrics.js';
import { devMistakes, groupFigures, reasonFigures, runV2, select, v2Reasons, type GroupFigures, type Part, type V2Entry, type V2Result } from './escalation-v2.js';

export interface V2Report {
  serving: string;
  /** `${part}/${kind}/${lang}` → figures. */
  groups: Record<string, GroupFigures>;
  reasons: Record<Part, ReturnType<typeof reasonFigures>>;
}

const cell = (g: GroupFigures, kind: 'messages' | 'conversations') =>
  g.items === 0
    ? '-'
    : kind === 'messages'
      ? `P ${fmt(g.binary.precision)} R ${fmt(g.binary.recall)} (tp ${g.binary.tp} fp ${g.binary.fp} fn ${g.binary.fn}); hard neg. ${g.hardNegatives.escalated}/${g.hardNegatives.total}`
      : `right turn ${g.rightTurn.right}/${g.rightTurn.total} = ${fmt(g.rightTurn.right / Math.max(1, g.rightTurn.total))}; hard neg. ${g.hardNegatives.escalated}/${g.hardNegatives.total}`;

/**
 * Runs a frozen set (v2 or v3; dev and test, or dev only) with one sentiment configuration and prints, per language,
 * single messages (precision/recall, hard negatives escalated) and conversations (escalated
 * at the right turn, hard negatives escalated), then per-reason precision/recall, dev and
 * test side by side. With `mistakes`, lists what the dev part got wrong (never the test part).
 */
export async function reportEscalationV2(
  label: string,
  entries: readonly V2Entry[],
  env: Record<string, string>,
  print: (line?: string) => void,
  mistakes = false,
): Promise<V2Report> {
  const { results, serving } = await runV2(entries, env);
  const groups: Record<string, GroupFigures> = {};
  print(`${label}: ${serving}`);
  print('  | language | items | dev | test |');
  print('  |---|---|---|---|');
  for (const kind of ['messages', 'conversations'] as const) {
    for (const lang of ['en', 'zh'] as const) {
      const byPart = (part: Part) => {
        const figures = groupFigures(select(results, { part, kind, lang }));
        groups[`${part}/${kind}/${lang}`] = figures;
        return figures;
      };
      const dev = byPart('dev');
      const test = byPart('test');
      print(`  | ${lang} | ${kind} | ${cell(dev, kind)} | ${cell(test, kind)} |`);
    }
  }
  const reasons = { dev: reasonFigures(select(results, { part: 'dev' })), test: reasonFigures(select(results, { part: 'test' })) };
  print('  | reason (messages + conversations, both languages) | dev support | dev P / R | test support | test P / R |');
  print('  |---|---|---|---|---|');
  for (const reason of v2Reasons) {
    const d = reasons.dev[reason];
    const t = reasons.test[reason];
    const testCell = t.support + t.fp > 0 ? `${t.support} | ${fmt(t.precision)} / ${fmt(t.recall)}` : '- | -';
    print(`  | ${reason} | ${d.support} | ${fmt(d.precision)} / ${fmt(d.recall)} | ${testCell} |`);
  }
  if (mistakes) {
    print('  dev mistakes:');
    for (const line of devMistakes(results as V2Result[])) print(`    ${line}`);
  }
  return { serving, groups, reasons };
}
