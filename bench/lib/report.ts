export interface Target {
  op: '<=' | '>=';
  value: number;
}

export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  target?: Target;
  note?: string;
}

export interface ScoredFigure extends Figure {
  pass: boolean | null;
}

export function score(figure: Figure): ScoredFigure {
  if (!figure.target || !Number.isFinite(figure.value)) return { ...figure, pass: figure.target ? false : null };
  const { op, value } = figure.target;
  return { ...figure, pass: op === '<=' ? figure.value <= value : figure.value >= value };
}

export function formatTable(figures: readonly ScoredFigure[]): string {
  const rows = figures.map((f) => [
    f.section,
    f.name,
    `${Number.isFinite(f.value) ? f.value : 'n/a'} ${f.unit}`.trim(),
    f.target ? `${f.target.op} ${f.target.value} ${f.unit}`.trim() : '',
    f.pass === null ? '' : f.pass ? 'ok' : 'MISSED',
  ]);
  const header = ['section', 'figure', 'value', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
