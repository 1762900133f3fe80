import { fileURLToPath } from 'node:url';
import express, { type Express, type Router } from 'express';
import type { Runtime } from '../runtime.js';
import type { Metrics } from './metrics.js';
import { startPage } from './start-page.js';

const docsDir = fileURLToPath(new URL('../../docs', import.meta.url));

/**
 * The one HTTP server every channel mounts on. Body parsers are per route, never global:
 * webhook signatures (Slack, WeChat) are computed over the raw bytes.
 */
export function createApp(runtime: Runtime, metrics: Metrics, routers: readonly Router[]): Express {
  const app = express();
  app.disable('x-powered-by');
  // Client addresses (limits, logs) and https detection (Secure cookies) come from proxies trusted here.
  app.set('trust proxy', runtime.config.TRUST_PROXY);

  app.use((req, res, next) => {
    const end = metrics.httpRequests.startTimer({ method: req.method });
    res.on('finish', () => end({ route: req.route?.path ?? 'unmatched', status: String(res.statusCode) }));
    next();
  });

  app.get('/', startPage(runtime));
  // The docs of the running version, as plain text: readable in any browser, no renderer needed.
  app.use(
    '/docs',
    express.static(docsDir, {
      index: 'README.md',
      setHeaders: (res, path) => {
        if (path.endsWith('.md')) res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Ready means a customer would get a real answer: a turn can be written, and the bot has passages to answer from.
  app.get('/readyz', async (_req, res) => {
    const problems: string[] = [];
    try {
      await runtime.store.checkWritable();
    } catch (error) {
      problems.push(`store: a turn cannot be written (${(error as Error).message})`);
    }
    const knowledge = runtime.knowledge.status();
    if (knowledge.passages === 0) {
      problems.push(
        `knowledge base: no version loaded (0 passages)${knowledge.lastError ? `: ${knowledge.lastError.message}` : '; ingest documents with the admin API or `aftercare kb ingest`'}`,
      );
    }
    if (problems.length > 0) {
      runtime.logger.error({ problems }, 'readiness check failed');
      res.status(503).json({ status: 'not_ready', problems, components: runtime.components });
      return;
    }
    res.json({ status: 'ready', components: runtime.components });
  });

  if (runtime.config.METRICS_ENABLED) {
    metrics.watchBacklog(() => runtime.store.backlog.count(new Date(), runtime.config.INBOX_RETRY_MAX_ATTEMPTS));
    app.get('/metrics', async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }

  for (const router of routers) app.use(router);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  // Body-parser errors (malformed JSON, too large) carry a status; anything else is ours.
  app.use((error: Error & { status?: number; type?: string; expose?: boolean }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) runtime.logger.error({ err: error }, 'unhandled request error');
    else runtime.logger.warn({ status, type: error.type }, 'rejected request');
    const body: Record<string, string> = { error: status === 500 ? 'internal_error' : (error.type ?? 'bad_request') };
    if (status !== 500 && error.expose) body.message = error.message;
    res.status(status).json(body);
  });
  return app;
}
