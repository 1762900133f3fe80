import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { RequestHandler } from 'express';
import type { Logger } from '../../src/logger.js';

export const widgetEntry = fileURLToPath(new URL('./widget/main.ts', import.meta.url));

export interface BuiltBundle {
  code: string;
  etag: string;
  ms: number;
}

/** Bundles the widget's TypeScript with esbuild (a dependency of tsx, so always installed). */
export async function buildWidget(options: { minify?: boolean } = {}): Promise<BuiltBundle> {
  const started = performance.now();
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [widgetEntry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome91', 'firefox90', 'safari15'],
    minify: options.minify ?? true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  return { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"`, ms: Math.round(performance.now() - started) };
}

/**
 * `GET /widget.js`: built from the sources on the first request of each process, so the
 * script served always matches the code that runs it. Browsers revalidate every few minutes
 * and get 304 while it has not changed.
 */
export function widgetScriptRoute(logger: Logger): RequestHandler {
  let bundle: Promise<BuiltBundle> | null = null;
  return async (req, res) => {
    try {
      bundle ??= buildWidget().then((built) => {
        logger.info({ bytes: built.code.length, ms: built.ms }, 'widget script built');
        return built;
      });
      const { code, etag } = await bundle;
      res.set({
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=300, must-revalidate',
        ETag: etag,
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.get('if-none-match') === etag) {
        res.status(304).end();
        return;
      }
      res.send(code);
    } catch (error) {
      bundle = null;
      logger.error({ err: error }, 'the widget script could not be built');
      res.status(500).type('text/javascript').send('console.error("aftercare: the chat widget is unavailable");');
    }
  };
}
