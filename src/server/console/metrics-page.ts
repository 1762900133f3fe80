import type { DailyFigures, LatencyFigures, ReportOverview } from '../../store/types.js';
import { barChart, horizontalBars, lineChart, stackedBarChart } from './charts.js';
import { html, type SafeHtml } from './html.js';

export interface MetricsData {
  days: number;
  dayLabels: string[];
  overview: ReportOverview;
  latency: LatencyFigures;
  reasons: Array<{ reason: string; escalations: number }>;
  daily: DailyFigures[];
}

const percent = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '–');
const ms = (value: number | null) => (value === null ? '–' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);

function tile(value: string, label: string, id: string): SafeHtml {
  return html`<div class="tile"><div class="value" data-metric="${id}">${value}</div><div class="label">${label}</div></div>`;
}

export function metricsBody(data: MetricsData): SafeHtml {
  const { overview: o, latency, daily, dayLabels } = data;
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const series = <T>(pick: (d: DailyFigures) => T, missing: T) => dayLabels.map((day) => (byDay.has(day) ? pick(byDay.get(day)!) : missing));
  const botOnly = o.conversations - o.escalatedConversations;
  const share = (count: (d: DailyFigures) => number) => series((d) => (d.sentiment.messages ? count(d) / d.sentiment.messages : 0), 0);
  const short = dayLabels.map((day) => day.slice(5));
  const rangeTabs = [7, 30, 90].map((d) => html`<a href="/admin/metrics?days=${d}"${d === data.days ? html` aria-current="page"` : ''}>${d} days</a>`);
  return html`<nav class="tabs" aria-label="Period">${rangeTabs}</nav>
<div class="tiles">
  ${tile(String(o.conversations), 'conversations', 'conversations')}
  ${tile(percent(botOnly, o.conversations), `resolved without a human (${botOnly})`, 'resolved-without-human')}
  ${tile(percent(o.escalatedConversations, o.conversations), `escalation rate (${o.escalatedConversations})`, 'escalation-rate')}
  ${tile(ms(latency.p50), 'reply latency p50', 'latency-p50')}
  ${tile(ms(latency.p95), `reply latency p95 (${latency.count} replies)`, 'latency-p95')}
  ${tile(o.ratings.average === null ? '–' : `${o.ratings.average.toFixed(1)} / 5`, `staff rating (${o.ratings.count})`, 'rating')}
</div>
<div class="grid">
<section class="card"><h2>Conversations and escalations per day</h2>${barChart({
    id: 'per-day',
    title: 'Conversations and escalations per day',
    labels: short,
    integer: true,
    series: [
      { name: 'conversations', colour: '#0969da', values: series((d) => d.conversations, 0) },
      { name: 'escalations', colour: '#cf222e', values: series((d) => d.escalations, 0) },
    ],
  })}</section>
<section class="card"><h2>Escalation rate by reason</h2>${horizontalBars({
    id: 'reasons',
    title: 'Share of conversations escalated, by reason',
    rows: data.reasons.map((r) => ({
      label: r.reason,
      value: o.conversations ? r.escalations / o.conversations : 0,
      text: `${percent(r.escalations, o.conversations)} (${r.escalations})`,
    })),
  })}<p class="small muted">An escalation can have several reasons; rates are per conversation in the period.</p></section>
<section class="card"><h2>Sentiment of customer messages</h2>${stackedBarChart({
    id: 'sentiment-share',
    title: 'Share of customer messages by sentiment, per day',
    labels: short,
    yMax: 1,
    format: (v) => `${Math.round(v * 100)}%`,
    series: [
      { name: 'negative', colour: '#cf222e', values: share((d) => d.sentiment.negative) },
      { name: 'neutral', colour: '#8c959f', values: share((d) => d.sentiment.neutral) },
      { name: 'positive', colour: '#1a7f37', values: share((d) => d.sentiment.positive) },
    ],
  })}${lineChart({
    id: 'sentiment-polarity',
    title: 'Average polarity of customer messages per day (-1 negative … 1 positive)',
    labels: short,
    yMin: -1,
    yMax: 1,
    series: [{ name: 'average polarity', colour: '#8250df', values: series((d) => d.sentiment.averagePolarity, null) }],
  })}</section>
<section class="card"><h2>Reply latency</h2>${lineChart({
    id: 'latency',
    title: 'Time from a customer message to the bot reply, per day (ms)',
    labels: short,
    format: (v) => `${Math.round(v)}`,
    series: [
      { name: 'p50', colour: '#0969da', values: series((d) => d.latencyMs.p50, null) },
      { name: 'p95', colour: '#bf8700', values: series((d) => d.latencyMs.p95, null) },
    ],
  })}</section>
</div>
<p class="small muted">Days are UTC. Conversations: a customer wrote in the period. Resolved without a human: no escalation in the period. Latency: customer message received to reply committed, over turns the bot answered.</p>`;
}
