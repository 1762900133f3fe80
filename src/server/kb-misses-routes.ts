import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { LANGUAGES } from '../domain/enums.js';
import { missGroupJson } from '../knowledge/misses/group-misses.js';
import type { Logger } from '../logger.js';
import type { Runtime } from '../runtime.js';
import { documentName } from './document-name.js';

const question = z.string().trim().min(1).max(300);
const missIds = z.array(z.number().int().positive()).max(5000).optional();

export const attachSchema = z.object({
  document: z.string().trim().min(1).max(300),
  section: z.string().trim().min(1).max(300),
  question,
  misses: missIds,
});

export const newDocumentSchema = z.object({
  name: documentName.refine((name) => /\.(md|markdown|txt)$/i.test(name), 'must end in .md or .txt'),
  title: z.string().trim().min(1).max(200),
  question,
  answer: z.string().trim().min(1).max(20_000),
  language: z.enum(LANGUAGES),
  misses: missIds,
});

const issuesOf = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);

/**
 * `/admin/api/kb/misses` and `/admin/api/kb/phrasings`: the grouped questions the bot could not
 * answer, attaching one to a section as an alternative phrasing, or starting a new document
 * from one. Mounted inside the knowledge base admin router, behind its bearer token.
 */
export function kbMissesAdminRoutes(router: Router, runtime: Runtime, sendError: (res: Response, error: unknown, logger: Logger) => void): void {
  const { logger, misses } = runtime;

  router.get('/admin/api/kb/misses', async (_req, res) => {
    res.json({ version: runtime.knowledge.version, groups: (await misses.groups()).map(missGroupJson) });
  });

  router.post('/admin/api/kb/phrasings', express.json({ limit: '64kb' }), async (req, res) => {
    const parsed = attachSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_request', issues: issuesOf(parsed.error) });
      return;
    }
    try {
      const { document, section, question: text, misses: ids } = parsed.data;
      const { outcome, resolved } = await misses.attach({ document, section, question: text, missIds: ids });
      logger.info({ action: 'phrasing', document, section, version: outcome.version, resolved }, 'admin: question attached to a knowledge base section');
      res.status(201).json({ ...outcome, resolved });
    } catch (error) {
      sendError(res, error, logger);
    }
  });

  router.post('/admin/api/kb/misses/document', express.json({ limit: '128kb' }), async (req, res) => {
    const parsed = newDocumentSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_request', issues: issuesOf(parsed.error) });
      return;
    }
    try {
      const { misses: ids, ...rest } = parsed.data;
      const { outcome, resolved } = await misses.startDocument({ ...rest, missIds: ids });
      logger.info({ action: 'document_from_miss', document: rest.name, version: outcome.version, resolved }, 'admin: knowledge base document started from a missed question');
      res.status(outcome.added.length ? 201 : 200).json({ ...outcome, resolved });
    } catch (error) {
      sendError(res, error, logger);
    }
  });
}
