import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import { StaffAccountError, type NewAccount } from '../../staff/accounts.js';
import type { StaffRole } from '../../store/types.js';
import { sessionOf, staffOf, viewerOf } from './console-auth.js';
import { setFlash, takeFlash } from './flash.js';
import { formatTime, html, type SafeHtml } from './html.js';
import { consolePage, type Notice, type Section } from './layout.js';

const customerForm = z.object({
  channel: z.string().trim().min(1, 'name the channel').max(64),
  userId: z.string().trim().min(1, 'give the customer id').max(256),
});

/** Admin pages: accounts, the audit log, customer data requests, the settings in force. */
export function adminConsoleRoutes(router: Router, runtime: Runtime, guard: { session: RequestHandler[]; csrf: RequestHandler }): void {
  const { store, config } = runtime;
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  const page = (req: Request, res: Response, title: string, section: Section, body: SafeHtml) =>
    res.type('html').send(consolePage({ title, section, csrf: sessionOf(res).csrf, viewer: viewerOf(res), body, notice: takeFlash(req, res) }));
  const finish = (req: Request, res: Response, to: string, notice: Notice) => {
    setFlash(req, res, notice);
    res.redirect(303, to);
  };
  const csrfField = (res: Response) => html`<input type="hidden" name="_csrf" value="${sessionOf(res).csrf}">`;

  router.get('/admin/accounts', ...guard.session, async (req, res) => {
    const accounts = await store.staffAccounts.list();
    const me = staffOf(res).account?.id;
    page(
      req,
      res,
      'Accounts',
      'accounts',
      html`<section class="card"><table id="accounts"><thead><tr><th>Username</th><th>Name</th><th>Role</th><th>State</th><th>Created</th><th></th></tr></thead><tbody>${accounts.map(
        (
          a,
        ) => html`<tr data-account="${a.username}"><td>${a.username}${a.id === me ? html` <span class="small muted">(you)</span>` : ''}</td><td>${a.name}</td><td>${a.role}</td><td>${a.disabledAt ? 'disabled' : 'active'}</td><td class="small">${formatTime(a.createdAt)}</td>
<td><form method="post" action="/admin/accounts/${encodeURIComponent(a.username)}/${a.disabledAt ? 'enable' : 'disable'}" class="inline">${csrfField(res)}<button type="submit">${a.disabledAt ? 'Enable' : 'Disable'}</button></form>
<form method="post" action="/admin/accounts/${encodeURIComponent(a.username)}/role" class="inline">${csrfField(res)}<input type="hidden" name="role" value="${a.role === 'admin' ? 'agent' : 'admin'}"><button type="submit">Make ${a.role === 'admin' ? 'agent' : 'admin'}</button></form></td></tr>`,
      )}</tbody></table>${accounts.length === 0 ? html`<p class="muted">No accounts yet: create the first admin below.</p>` : ''}</section>
<section class="card"><h2>New account</h2><form method="post" action="/admin/accounts" class="inline">${csrfField(res)}
<label>Username <input type="text" name="username" required></label>
<label>Name customers see <input type="text" name="name" required></label>
<label>Role <select name="role"><option value="agent">agent (conversations)</option><option value="admin"${accounts.length === 0 ? html` selected` : ''}>admin (everything)</option></select></label>
<label>Password (10+ characters) <input type="password" name="password" autocomplete="new-password" required></label>
<button class="primary" type="submit">Create account</button></form></section>`,
    );
  });

  router.post('/admin/accounts', ...guard.session, form, guard.csrf, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, string>;
    try {
      const input: NewAccount = { username: body.username ?? '', name: body.name ?? '', role: (body.role ?? 'agent') as StaffRole, password: body.password ?? '' };
      const account = await runtime.staffAccounts.create(input, staffOf(res).member);
      finish(req, res, '/admin/accounts', { kind: 'ok', text: `Created ${account.role} ${account.username}.` });
    } catch (error) {
      if (!(error instanceof StaffAccountError)) throw error;
      finish(req, res, '/admin/accounts', { kind: 'error', text: `Not created: ${error.message}.` });
    }
  });

  for (const change of ['enable', 'disable', 'role'] as const) {
    router.post(`/admin/accounts/:username/${change}`, ...guard.session, form, guard.csrf, async (req, res) => {
      const account = await store.staffAccounts.findByUsername(String((req.params as { username: string }).username));
      if (!account) return finish(req, res, '/admin/accounts', { kind: 'error', text: 'No such account.' });
      try {
        if (change === 'role') {
          const role = z.enum(['admin', 'agent']).safeParse((req.body as Record<string, unknown>)?.role);
          if (!role.success) return finish(req, res, '/admin/accounts', { kind: 'error', text: 'The role is admin or agent.' });
          await runtime.staffAccounts.setRole(account, role.data, staffOf(res).member);
        } else {
          await runtime.staffAccounts.setDisabled(account, change === 'disable', staffOf(res).member);
        }
        finish(req, res, '/admin/accounts', { kind: 'ok', text: `Updated ${account.username}.` });
      } catch (error) {
        if (!(error instanceof StaffAccountError)) throw error;
        finish(req, res, '/admin/accounts', { kind: 'error', text: `Nothing changed: ${error.message}.` });
      }
    });
  }

  router.get('/admin/audit', ...guard.session, async (req, res) => {
    const action = typeof req.query.action === 'string' && /^[a-z_]{1,40}$/.test(req.query.action) ? req.query.action : undefined;
    const entries = await store.audit.list(500, { action });
    page(
      req,
      res,
      'Audit log',
      'audit',
      html`<section class="card"><table id="audit"><thead><tr><th>When</th><th>Who</th><th>Did</th><th>What</th><th>Details</th></tr></thead><tbody>${entries.map(
        (e) =>
          html`<tr data-action="${e.action}"><td class="small">${formatTime(e.at)}</td><td>${e.actor.name}</td><td>${e.action}</td><td>${e.target ?? ''}</td><td class="small">${e.detail ? JSON.stringify(e.detail) : ''}</td></tr>`,
      )}</tbody></table>${entries.length === 0 ? html`<p class="muted">Nothing yet.</p>` : ''}</section>`,
    );
  });

  router.get('/admin/customers', ...guard.session, async (req, res) => {
    page(
      req,
      res,
      'Customer data',
      'customers',
      html`<section class="card"><p>Everything stored about one customer: download it as JSON, or erase it (conversations, messages, escalations, notes, raw inbound messages and every registered list). Both are recorded in the audit log.</p>
<form method="post" action="/admin/customers/export" class="inline">${csrfField(res)}
<label>Channel <input type="text" name="channel" required placeholder="widget"></label><label>Customer id <input type="text" name="userId" required></label>
<button class="primary" type="submit">Export JSON</button></form></section>
<section class="card"><h2>Erase</h2><form method="post" action="/admin/customers/erase" class="inline">${csrfField(res)}
<label>Channel <input type="text" name="channel" required></label><label>Customer id <input type="text" name="userId" required></label>
<label><span><input type="checkbox" name="confirm" value="yes" required> I understand this cannot be undone</span></label>
<button class="danger" type="submit">Erase everything about this customer</button></form></section>
<p class="small muted">Retention: ${config.RETENTION_DAYS > 0 ? `conversations idle for ${config.RETENTION_DAYS} days are ${config.RETENTION_MODE === 'delete' ? 'deleted' : 'anonymised'} automatically.` : 'off (RETENTION_DAYS=0 keeps conversations).'}</p>`,
    );
  });

  router.post('/admin/customers/export', ...guard.session, form, guard.csrf, async (req, res) => {
    const parsed = customerForm.safeParse(req.body ?? {});
    if (!parsed.success) return finish(req, res, '/admin/customers', { kind: 'error', text: parsed.error.issues[0]!.message });
    const data = await runtime.customerData.export(parsed.data, staffOf(res).member);
    const name = `customer-${parsed.data.channel}-${parsed.data.userId}`.replace(/[^\w.-]+/g, '_').slice(0, 100);
    res
      .set('Content-Disposition', `attachment; filename="${name}.json"`)
      .type('application/json')
      .send(JSON.stringify(data, null, 2));
  });

  router.post('/admin/customers/erase', ...guard.session, form, guard.csrf, async (req, res) => {
    const parsed = customerForm.safeParse(req.body ?? {});
    if (!parsed.success) return finish(req, res, '/admin/customers', { kind: 'error', text: parsed.error.issues[0]!.message });
    if ((req.body as Record<string, unknown>).confirm !== 'yes') return finish(req, res, '/admin/customers', { kind: 'error', text: 'Tick the confirmation to erase.' });
    const done = await runtime.customerData.erase(parsed.data, staffOf(res).member);
    finish(req, res, '/admin/customers', { kind: 'ok', text: `Erased ${done.conversations} conversation(s), ${done.rows} stored rows.` });
  });

  router.get('/admin/settings', ...guard.session, async (req, res) => {
    const shown: Array<[string, string]> = [
      ['Staff desk', runtime.handoff.deskName ? `${runtime.handoff.deskName} and the console` : 'the console'],
      ['Active console accounts', String(await store.staffAccounts.countActive())],
      ['Business hours', config.BUSINESS_HOURS ? `${config.BUSINESS_HOURS} (${config.BUSINESS_TIMEZONE})` : 'always'],
      [
        'Contact given when no desk is configured',
        [config.SUPPORT_CONTACT_EMAIL, config.SUPPORT_CONTACT_PHONE, config.SUPPORT_CONTACT_HOURS].filter(Boolean).join(' · ') || 'not set',
      ],
      ['Status reply while waiting', `at most every ${config.HANDOFF_STATUS_REPLY_MINUTES} min`],
      ['Reminders', `${config.HANDOFF_REMINDER_MINUTES} min, up to ${config.HANDOFF_MAX_REMINDERS}`],
      ['Retention', config.RETENTION_DAYS > 0 ? `${config.RETENTION_MODE} after ${config.RETENTION_DAYS} days` : 'keep'],
    ];
    page(
      req,
      res,
      'Settings',
      'settings',
      html`<section class="card"><p class="small muted">Settings come from the environment (.env); change them there and restart.</p><dl class="facts">${shown.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></section>`,
    );
  });
}
