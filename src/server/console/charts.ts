import { escapeHtml, html, raw, type SafeHtml } from './html.js';

/**
 * Small server-rendered SVG charts: no script, no library, readable without colour (each
 * chart has a title, a legend and its numbers in a table under "Data").
 */
export interface Series {
  name: string;
  colour: string;
  values: Array<number | null>;
}

interface ChartOptions {
  id: string;
  title: string;
  labels: string[];
  series: Series[];
  format?: (value: number) => string;
  /** Fixed y range; otherwise 0..max, rounded up. */
  yMin?: number;
  yMax?: number;
  /** Counts: ticks on whole numbers. */
  integer?: boolean;
}

const width = 640;
const height = 220;
const pad = { left: 48, right: 12, top: 12, bottom: 28 };
const plotWidth = width - pad.left - pad.right;
const plotHeight = height - pad.top - pad.bottom;

/** The top of the y axis: four ticks of a round step (1, 2, 2.5 or 5 × 10ⁿ; whole numbers for counts). */
function niceMax(value: number, integer: boolean): number {
  const raw = Math.max(value, integer ? 4 : 1e-9) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw && (!integer || Number.isInteger(candidate)))!;
  return step * 4;
}

const number = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

function frame(options: ChartOptions, min: number, max: number, body: string): string {
  const format = options.format ?? number;
  const y = (value: number) => pad.top + plotHeight - ((value - min) / (max - min)) * plotHeight;
  const ticks = [0, 1, 2, 3, 4].map((i) => min + ((max - min) * i) / 4);
  const grid = ticks
    .map(
      (tick) =>
        `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#d1d9e0" stroke-width="1"/><text x="${pad.left - 6}" y="${y(tick) + 4}" text-anchor="end" font-size="11" fill="#59636e">${escapeHtml(format(tick))}</text>`,
    )
    .join('');
  const every = Math.max(1, Math.ceil(options.labels.length / 8));
  const step = plotWidth / Math.max(1, options.labels.length);
  const labels = options.labels
    .map((label, i) =>
      i % every === 0 ? `<text x="${pad.left + step * (i + 0.5)}" y="${height - 8}" text-anchor="middle" font-size="11" fill="#59636e">${escapeHtml(label)}</text>` : '',
    )
    .join('');
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${options.id}-title"><title id="${options.id}-title">${escapeHtml(options.title)}</title>${grid}${body}${labels}</svg>`;
}

/** A legend's colour square (an attribute, not inline style: the console's CSP allows no inline styles). */
const swatch = (colour: string) => raw(`<svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill="${escapeHtml(colour)}"/></svg>`);

/** A 0..1 value as a small bar, e.g. a search score. */
export function meter(value: number, colour = '#0969da'): SafeHtml {
  const w = Math.round(Math.max(0, Math.min(1, value)) * 60);
  return raw(
    `<svg class="meter" width="60" height="8" aria-hidden="true"><rect width="60" height="8" rx="4" fill="#eaeef2"/><rect width="${w}" height="8" rx="4" fill="${escapeHtml(colour)}"/></svg>`,
  );
}

/** A -1..1 polarity as a bar growing left (red) or right (green) from the middle. */
export function polarityBar(polarity: number): SafeHtml {
  const p = Math.max(-1, Math.min(1, polarity));
  const w = Math.round(Math.abs(p) * 35);
  const x = p < 0 ? 35 - w : 35;
  return raw(
    `<svg class="meter" width="70" height="8" aria-hidden="true"><rect width="70" height="8" rx="4" fill="#eaeef2"/><rect x="${x}" width="${w}" height="8" fill="${p < 0 ? '#cf222e' : '#1a7f37'}"/><rect x="34.5" width="1" height="8" fill="#59636e"/></svg>`,
  );
}

function figure(options: ChartOptions, svg: string): SafeHtml {
  const format = options.format ?? number;
  return html`<figure class="chart">
${raw(svg)}
<figcaption class="small">${options.series.map((s) => html`${swatch(s.colour)} ${s.name} `)}</figcaption>
<details><summary class="small">Data</summary><table class="small"><thead><tr><th>Day</th>${options.series.map((s) => html`<th class="num">${s.name}</th>`)}</tr></thead>
<tbody>${options.labels.map((label, i) => html`<tr><td>${label}</td>${options.series.map((s) => html`<td class="num">${s.values[i] === null || s.values[i] === undefined ? '–' : format(s.values[i]!)}</td>`)}</tr>`)}</tbody></table></details>
</figure>`;
}

function range(options: ChartOptions, stacked = false): [number, number] {
  const values = stacked
    ? options.labels.map((_, i) => options.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0))
    : options.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  return [options.yMin ?? 0, options.yMax ?? niceMax(Math.max(0, ...values), options.integer ?? false)];
}

/** Bars side by side per label, one per series. */
export function barChart(options: ChartOptions): SafeHtml {
  const [min, max] = range(options);
  const step = plotWidth / Math.max(1, options.labels.length);
  const barWidth = Math.max(1, (step * 0.8) / options.series.length);
  const bars = options.series
    .flatMap((s, j) =>
      s.values.map((value, i) => {
        if (!value) return '';
        const h = ((value - min) / (max - min)) * plotHeight;
        return `<rect x="${pad.left + step * i + step * 0.1 + j * barWidth}" y="${pad.top + plotHeight - h}" width="${barWidth}" height="${h}" fill="${s.colour}"><title>${escapeHtml(`${options.labels[i]} ${s.name}: ${value}`)}</title></rect>`;
      }),
    )
    .join('');
  return figure(options, frame(options, min, max, bars));
}

/** Bars stacked per label (e.g. shares that add up to 100%). */
export function stackedBarChart(options: ChartOptions): SafeHtml {
  const [min, max] = range(options, true);
  const step = plotWidth / Math.max(1, options.labels.length);
  const bars = options.labels
    .map((label, i) => {
      let base = 0;
      return options.series
        .map((s) => {
          const value = s.values[i] ?? 0;
          const h = (value / (max - min)) * plotHeight;
          const rect =
            value > 0
              ? `<rect x="${pad.left + step * i + step * 0.15}" y="${pad.top + plotHeight - base - h}" width="${step * 0.7}" height="${h}" fill="${s.colour}"><title>${escapeHtml(`${label} ${s.name}: ${(options.format ?? number)(value)}`)}</title></rect>`
              : '';
          base += h;
          return rect;
        })
        .join('');
    })
    .join('');
  return figure(options, frame(options, min, max, bars));
}

/** One line per series; gaps where a value is missing. */
export function lineChart(options: ChartOptions): SafeHtml {
  const [min, max] = range(options);
  const step = plotWidth / Math.max(1, options.labels.length);
  const x = (i: number) => pad.left + step * (i + 0.5);
  const y = (value: number) => pad.top + plotHeight - ((value - min) / (max - min)) * plotHeight;
  const lines = options.series
    .map((s) => {
      const segments: string[] = [];
      let current = '';
      s.values.forEach((value, i) => {
        if (value === null) {
          if (current) segments.push(current);
          current = '';
          return;
        }
        current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(value).toFixed(1)}`;
      });
      if (current) segments.push(current);
      const dots = s.values
        .map((value, i) =>
          value === null
            ? ''
            : `<circle cx="${x(i).toFixed(1)}" cy="${y(value).toFixed(1)}" r="3" fill="${s.colour}"><title>${escapeHtml(`${options.labels[i]} ${s.name}: ${(options.format ?? number)(value)}`)}</title></circle>`,
        )
        .join('');
      return `${segments.map((d) => `<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"/>`).join('')}${dots}`;
    })
    .join('');
  return figure(options, frame(options, min, max, lines));
}

/** Horizontal bars with their values written out (escalation rate by reason). */
export function horizontalBars(options: { id: string; title: string; rows: Array<{ label: string; value: number; text: string }>; max?: number }): SafeHtml {
  const rowHeight = 26;
  const labelWidth = 170;
  const svgHeight = Math.max(1, options.rows.length) * rowHeight + 8;
  const max = options.max ?? Math.max(1e-9, ...options.rows.map((r) => r.value));
  const barSpace = width - labelWidth - 90;
  const rows = options.rows
    .map((row, i) => {
      const y = 4 + i * rowHeight;
      const w = Math.max(row.value > 0 ? 2 : 0, (row.value / max) * barSpace);
      return `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" font-size="12" fill="#1f2328">${escapeHtml(row.label)}</text><rect x="${labelWidth}" y="${y + 4}" width="${w}" height="16" rx="3" fill="#cf222e"/><text x="${labelWidth + w + 6}" y="${y + 16}" font-size="12" fill="#59636e">${escapeHtml(row.text)}</text>`;
    })
    .join('');
  const empty = options.rows.length === 0 ? `<text x="${width / 2}" y="20" text-anchor="middle" font-size="12" fill="#59636e">No escalations in this period</text>` : '';
  return html`<figure class="chart">${raw(`<svg viewBox="0 0 ${width} ${svgHeight + (empty ? 20 : 0)}" role="img" aria-labelledby="${options.id}-title"><title id="${options.id}-title">${escapeHtml(options.title)}</title>${rows}${empty}</svg>`)}</figure>`;
}
