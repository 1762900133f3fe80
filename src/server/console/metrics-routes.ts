import type { RequestHandler, Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { sessionOf, viewerOf } from './console-auth.js';
import { consolePage } from './layout.js';
import { metricsBody } from './metrics-page.js';

const dayMs = 86_400_000;

/** The UTC days from `days - 1` days ago through today, as YYYY-MM-DD. */
export function dayRange(days: number, now: Date): { since: Date; until: Date; labels: string[] } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * dayMs);
  const labels = Array.from({ length: days }, (_, i) => new Date(since.getTime() + i * dayMs).toISOString().slice(0, 10));
  return { since, until: new Date(today + dayMs), labels };
}

/** `/admin/metrics?days=7|30|90`: the figures and charts, all from the store's aggregations. */
export function metricsConsoleRoutes(router: Router, runtime: Runtime, page: RequestHandler[]): void {
  const { reports } = runtime.store;
  router.get('/admin/metrics', ...page, async (req, res) => {
    const days = [7, 30, 90].includes(Number(req.query.days)) ? Number(req.query.days) : 30;
    const { since, until, labels } = dayRange(days, new Date());
    const range = { since, until };
    const [overview, latency, reasons, daily] = await Promise.all([reports.overview(range), reports.replyLatency(range), reports.escalationReasons(range), reports.daily(range)]);
    const body = metricsBody({ days, dayLabels: labels, overview, latency, reasons, daily });
    res.type('html').send(consolePage({ title: `Metrics, last ${days} days`, section: 'metrics', csrf: sessionOf(res).csrf, viewer: viewerOf(res), body }));
  });
}
