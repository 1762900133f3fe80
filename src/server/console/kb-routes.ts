import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { AmbiguousDocumentError, DocumentNotFoundError, KnowledgeBuildError, SectionNotFoundError } from '../../knowledge/errors.js';
import type { BuildOutcome } from '../../knowledge/index/index-builder.js';
import type { IngestFile } from '../../knowledge/ingest/collect-files.js';
import { detectLanguage } from '../../text/language.js';
import type { Runtime } from '../../runtime.js';
import { LockTimeoutError } from '../../store/errors.js';
import { documentName } from '../document-name.js';
import { kbMissesConsoleRoutes } from './kb-misses-routes.js';
import { sessionOf, staffOf, viewerOf } from './console-auth.js';
import { setFlash, takeFlash } from './flash.js';
import { kbPageBody, type KbSearch } from './kb-page.js';
import { consolePage, type Notice } from './layout.js';

const searchQuery = z.object({
  q: z.string().trim().max(2000).default(''),
  k: z.coerce.number().int().min(1).max(50).catch(5),
  lang: z.enum(['auto', 'en', 'zh']).catch('auto'),
  mode: z.enum(['hybrid', 'keyword', 'vector']).catch('hybrid'),
});

function describeChange(action: string, outcome: BuildOutcome): Notice {
  const parts = [
    outcome.added.length && `added ${outcome.added.join(', ')}`,
    outcome.replaced.length && `replaced ${outcome.replaced.join(', ')}`,
    outcome.removed.length && `removed ${outcome.removed.join(', ')}`,
  ].filter(Boolean);
  if (parts.length === 0) parts.push('no document changed');
  return { kind: 'ok', text: `${action}: ${parts.join('; ')}. Version ${outcome.version ?? 'none'} serves ${outcome.documents} documents, ${outcome.chunks} passages.` };
}

export function describeError(error: unknown): Notice | null {
  if (error instanceof KnowledgeBuildError) return { kind: 'error', text: `Nothing changed: ${error.message}` };
  if (error instanceof DocumentNotFoundError || error instanceof AmbiguousDocumentError || error instanceof SectionNotFoundError) return { kind: 'error', text: error.message };
  if (error instanceof LockTimeoutError) return { kind: 'error', text: 'Another knowledge base change is running; try again in a moment.' };
  return null;
}

/** Reads a multipart form with the platform's own parser (undici's `Response.formData`). */
async function multipartForm(req: Request): Promise<FormData> {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  return new Response(body, { headers: { 'content-type': req.get('content-type') ?? '' } }).formData();
}

/** Puts a multipart form's text fields on `req.body` (for the CSRF check) and its files on `res.locals.files`. */
function multipartBody(maxBytes: number): RequestHandler[] {
  return [
    express.raw({ type: 'multipart/form-data', limit: maxBytes }),
    async (req, res, next) => {
      try {
        const form = await multipartForm(req);
        const fields: Record<string, string> = {};
        const files: File[] = [];
        for (const [key, value] of form.entries()) {
          if (typeof value === 'string') fields[key] = value;
          else if (value.size > 0 || value.name) files.push(value);
        }
        req.body = fields;
        res.locals.files = files;
        next();
      } catch {
        res.status(400).type('text').send('The upload could not be read.');
      }
    },
  ];
}

/** `/admin/kb`: the documents with their versions, upload, delete, and a search that shows scores. */
export function kbConsoleRoutes(router: Router, runtime: Runtime, guard: { session: RequestHandler[]; csrf: RequestHandler }): void {
  const kb = runtime.knowledge;
  const { logger } = runtime;
  const maxBytes = runtime.config.KB_MAX_UPLOAD_BYTES;

  router.get('/admin/kb', ...guard.session, async (req, res) => {
    const query = searchQuery.parse(req.query);
    const search: KbSearch = { ...query, language: null, results: null };
    if (query.q) {
      const language = query.lang === 'auto' ? detectLanguage(query.q, runtime.config.DEFAULT_LANGUAGE).language : query.lang;
      search.language = language;
      search.results = await kb.search(query.q, { k: query.k, language, mode: query.mode });
    }
    const misses = await runtime.misses.groups();
    const body = kbPageBody({ status: kb.status(), documents: kb.documents(), search, csrf: sessionOf(res).csrf, maxBytes, misses, sections: kb.sections() });
    res.type('html').send(consolePage({ title: 'Knowledge base', section: 'kb', csrf: sessionOf(res).csrf, viewer: viewerOf(res), body, notice: takeFlash(req, res) }));
  });

  const finish = (req: Request, res: Response, notice: Notice) => {
    setFlash(req, res, notice);
    res.redirect(303, '/admin/kb');
  };

  // The session is checked before the upload is read: nobody without one can make the server buffer files.
  router.post('/admin/kb/upload', ...guard.session, ...multipartBody(maxBytes * 10), guard.csrf, async (req, res) => {
    const files = (res.locals.files ?? []) as File[];
    if (files.length === 0) return finish(req, res, { kind: 'error', text: 'Choose at least one file to upload.' });
    const uploads: IngestFile[] = [];
    for (const file of files) {
      const name = documentName.safeParse(file.name.split(/[\\/]/).pop() ?? '');
      if (!name.success) return finish(req, res, { kind: 'error', text: `"${file.name}" is not a usable file name.` });
      if (file.size > maxBytes) return finish(req, res, { kind: 'error', text: `${file.name} is larger than ${maxBytes} bytes.` });
      uploads.push({ id: name.data, bytes: Buffer.from(await file.arrayBuffer()), modified: new Date(file.lastModified || Date.now()), standalone: true });
    }
    try {
      const outcome = await kb.ingest(uploads);
      logger.info({ action: 'upload', documents: uploads.map((f) => f.id), version: outcome.version, via: 'console' }, 'admin: knowledge base documents uploaded');
      await runtime.store.audit.record({
        actor: staffOf(res).member,
        action: 'uploaded',
        target: uploads.map((f) => `kb:${f.id}`).join(', '),
        detail: { version: outcome.version },
      });
      finish(req, res, describeChange('Uploaded', outcome));
    } catch (error) {
      const notice = describeError(error);
      if (!notice) throw error;
      finish(req, res, notice);
    }
  });

  kbMissesConsoleRoutes(router, runtime, guard, { finish, describeError });

  router.post('/admin/kb/delete', ...guard.session, express.urlencoded({ extended: false, limit: '8kb' }), guard.csrf, async (req, res) => {
    const name = String((req.body as Record<string, unknown>).name ?? '');
    try {
      const outcome = await kb.remove([name]);
      logger.info({ action: 'remove', documents: outcome.removed, version: outcome.version, via: 'console' }, 'admin: knowledge base document removed');
      await runtime.store.audit.record({
        actor: staffOf(res).member,
        action: 'deleted',
        target: outcome.removed.map((id) => `kb:${id}`).join(', '),
        detail: { version: outcome.version },
      });
      finish(req, res, describeChange('Deleted', outcome));
    } catch (error) {
      const notice = describeError(error);
      if (!notice) throw error;
      finish(req, res, notice);
    }
  });
}
