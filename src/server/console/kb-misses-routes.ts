import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import { attachSchema, newDocumentSchema } from '../kb-misses-routes.js';
import { staffOf } from './console-auth.js';
import type { Notice } from './layout.js';

const idList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0),
  );

/** A passage id (`returns.md#3`) names its document and itself. */
function documentOfPassage(passage: string): string {
  const cut = passage.lastIndexOf('#');
  return cut > 0 ? passage.slice(0, cut) : passage;
}

/** The console's forms for the misses list: attach a question to a section, or start a document from it. */
export function kbMissesConsoleRoutes(
  router: Router,
  runtime: Runtime,
  guard: { session: RequestHandler[]; csrf: RequestHandler },
  reply: { finish: (req: Request, res: Response, notice: Notice) => void; describeError: (error: unknown) => Notice | null },
): void {
  const { logger, misses } = runtime;
  const form = express.urlencoded({ extended: false, limit: '64kb' });
  const fail = (req: Request, res: Response, error: unknown) => {
    const notice = reply.describeError(error);
    if (!notice) throw error;
    reply.finish(req, res, notice);
  };

  router.post('/admin/kb/alias', ...guard.session, form, guard.csrf, async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const passage = String(body.passage ?? '');
    const parsed = attachSchema.safeParse({ document: documentOfPassage(passage), section: passage, question: body.question, misses: idList.parse(body.misses) });
    if (!parsed.success)
      return reply.finish(req, res, { kind: 'error', text: `Nothing changed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    try {
      const { document, section, question, misses: ids } = parsed.data;
      const { outcome, resolved } = await misses.attach({ document, section, question, missIds: ids });
      const sectionName = runtime.knowledge.sections().find((s) => s.chunkId === passage)?.section ?? passage;
      logger.info({ action: 'phrasing', document, section, version: outcome.version, resolved, via: 'console' }, 'admin: question attached to a knowledge base section');
      await runtime.store.audit.record({
        actor: staffOf(res).member,
        action: 'uploaded',
        target: `kb:${document}`,
        detail: { phrasing: question, section: sectionName, version: outcome.version },
      });
      reply.finish(req, res, {
        kind: 'ok',
        text: `Attached "${question}" to ${document} § ${sectionName}. Version ${outcome.version ?? 'none'} is live; ${resolved} unanswered question(s) dealt with.`,
      });
    } catch (error) {
      fail(req, res, error);
    }
  });

  router.post('/admin/kb/misses/document', ...guard.session, form, guard.csrf, async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const parsed = newDocumentSchema.safeParse({ ...body, misses: idList.parse(body.misses) });
    if (!parsed.success)
      return reply.finish(req, res, { kind: 'error', text: `Nothing changed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    try {
      const { misses: ids, ...rest } = parsed.data;
      const { outcome, resolved } = await misses.startDocument({ ...rest, missIds: ids });
      logger.info(
        { action: 'document_from_miss', document: rest.name, version: outcome.version, resolved, via: 'console' },
        'admin: knowledge base document started from a missed question',
      );
      await runtime.store.audit.record({
        actor: staffOf(res).member,
        action: 'uploaded',
        target: `kb:${rest.name}`,
        detail: { fromMisses: ids?.length ?? 0, version: outcome.version },
      });
      reply.finish(req, res, { kind: 'ok', text: `Created ${rest.name}. Version ${outcome.version ?? 'none'} is live; ${resolved} unanswered question(s) dealt with.` });
    } catch (error) {
      fail(req, res, error);
    }
  });
}
