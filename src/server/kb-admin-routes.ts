import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { LANGUAGES } from '../domain/enums.js';
import { AmbiguousDocumentError, DocumentNotFoundError, KnowledgeBuildError, SectionNotFoundError } from '../knowledge/errors.js';
import type { IngestFile } from '../knowledge/ingest/collect-files.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { searchResultJson } from '../knowledge/search/result-json.js';
import type { Logger } from '../logger.js';
import { detectLanguage } from '../text/language.js';
import type { Runtime } from '../runtime.js';
import { LockTimeoutError } from '../store/errors.js';
import { adminTokenActor } from '../staff/accounts.js';
import { adminAuth } from './admin-auth.js';
import { jsonBody } from '../http/body-depth.js';
import { documentName } from './document-name.js';
import { kbMissesAdminRoutes } from './kb-misses-routes.js';

export { documentName } from './document-name.js';

const batchSchema = z.object({
  documents: z
    .array(z.object({ name: documentName, content: z.string(), encoding: z.enum(['utf8', 'base64']).default('utf8') }))
    .min(1)
    .max(200),
});

const searchSchema = z.object({
  q: z.string().min(1).max(2000),
  k: z.coerce.number().int().positive().max(50).default(5),
  lang: z.enum(LANGUAGES).optional(),
  mode: z.enum(['hybrid', 'keyword', 'vector']).default('hybrid'),
});

function sendKnowledgeError(res: Response, error: unknown, logger: Logger): void {
  if (error instanceof KnowledgeBuildError) {
    res.status(error.reason === 'invalid_document' ? 422 : 500).json({ error: error.reason, message: error.message, serving: error.servingVersion });
  } else if (error instanceof DocumentNotFoundError) {
    res.status(404).json({ error: 'document_not_found', message: error.message });
  } else if (error instanceof SectionNotFoundError) {
    res.status(404).json({ error: 'section_not_found', message: error.message, sections: error.sections });
  } else if (error instanceof AmbiguousDocumentError) {
    res.status(409).json({ error: 'ambiguous_document', message: error.message, candidates: error.candidates });
  } else if (error instanceof LockTimeoutError) {
    res.status(503).set('Retry-After', '5').json({ error: 'busy', message: 'another knowledge base build is running', retryable: true });
  } else {
    logger.error({ err: error }, 'knowledge base admin request failed');
    res.status(500).json({ error: 'internal_error' });
  }
}

/** The route's `*name` wildcard arrives as path segments. */
const nameParam = (req: Request) => {
  const value = (req.params as Record<string, string | string[]>).name;
  return Array.isArray(value) ? value.join('/') : String(value ?? '');
};

/**
 * `/admin/api/kb`: list, upload (one raw file with PUT, or a JSON batch with POST), delete and
 * search documents, behind the admin bearer token. Every change is a new index version built
 * beside the live one; a failed upload leaves the live version serving and says why.
 */
export function kbAdminRouter(runtime: Runtime): Router {
  const kb: KnowledgeBase = runtime.knowledge;
  const { logger } = runtime;
  const limit = runtime.config.KB_MAX_UPLOAD_BYTES;
  const router = Router();
  router.use('/admin/api/kb', ...adminAuth(runtime.config.ADMIN_TOKEN, logger, runtime.config.ADMIN_AUTH_FAILURES_PER_MINUTE));

  router.get('/admin/api/kb', (_req, res) => {
    res.json(kb.status());
  });

  router.get('/admin/api/kb/documents', (_req, res) => {
    res.json({ version: kb.version, documents: kb.documents() });
  });

  // curl -T returns.md -H "authorization: Bearer $ADMIN_TOKEN" …/admin/api/kb/documents/returns.md
  router.put('/admin/api/kb/documents/*name', express.raw({ type: () => true, limit }), async (req, res) => {
    const name = documentName.safeParse(nameParam(req));
    if (!name.success) {
      res.status(400).json({ error: 'invalid_name', message: name.error.issues[0]!.message });
      return;
    }
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      const file: IngestFile = { id: name.data, bytes, modified: new Date(), standalone: !name.data.includes('/') };
      const outcome = await kb.ingest([file]);
      logger.info({ action: 'upload', document: name.data, version: outcome.version }, 'admin: knowledge base document uploaded');
      await runtime.store.audit.record({ actor: adminTokenActor, action: 'uploaded', target: `kb:${name.data}`, detail: { version: outcome.version, via: 'api' } });
      res.status(outcome.added.length ? 201 : 200).json(outcome);
    } catch (error) {
      sendKnowledgeError(res, error, logger);
    }
  });

  router.post('/admin/api/kb/documents', jsonBody({ limit: Math.ceil(limit * 1.4) }), async (req, res) => {
    const parsed = batchSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_request', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    try {
      const files: IngestFile[] = parsed.data.documents.map(({ name, content, encoding }) => ({
        id: name,
        bytes: Buffer.from(content, encoding),
        modified: new Date(),
        standalone: !name.includes('/'),
      }));
      const outcome = await kb.ingest(files);
      logger.info({ action: 'upload', documents: files.map((f) => f.id), version: outcome.version }, 'admin: knowledge base documents uploaded');
      await runtime.store.audit.record({
        actor: adminTokenActor,
        action: 'uploaded',
        target: files.map((f) => `kb:${f.id}`).join(', '),
        detail: { version: outcome.version, via: 'api' },
      });
      res.status(outcome.added.length ? 201 : 200).json(outcome);
    } catch (error) {
      sendKnowledgeError(res, error, logger);
    }
  });

  router.delete('/admin/api/kb/documents/*name', async (req, res) => {
    try {
      const outcome = await kb.remove([nameParam(req)]);
      logger.info({ action: 'remove', documents: outcome.removed, version: outcome.version }, 'admin: knowledge base document removed');
      await runtime.store.audit.record({
        actor: adminTokenActor,
        action: 'deleted',
        target: outcome.removed.map((id) => `kb:${id}`).join(', '),
        detail: { version: outcome.version, via: 'api' },
      });
      res.json(outcome);
    } catch (error) {
      sendKnowledgeError(res, error, logger);
    }
  });

  router.get('/admin/api/kb/search', async (req, res) => {
    const parsed = searchSchema.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_request', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const { q, k, lang, mode } = parsed.data;
    const language = lang ?? detectLanguage(q, runtime.config.DEFAULT_LANGUAGE).language;
    const passages = await kb.search(q, { k, language, mode });
    res.json({ version: kb.version, language, results: passages.map(searchResultJson) });
  });

  kbMissesAdminRoutes(router, runtime, sendKnowledgeError);

  return router;
}
