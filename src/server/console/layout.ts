import { html, type SafeHtml } from './html.js';

export type Section = 'inbox' | 'metrics' | 'conversations' | 'escalations' | 'kb' | 'accounts' | 'customers' | 'audit' | 'settings';

/** The pages, and whether only admins see them. */
const sections: Array<[Section, string, string, boolean]> = [
  ['inbox', '/admin/inbox', 'Inbox', false],
  ['metrics', '/admin/metrics', 'Metrics', false],
  ['conversations', '/admin/conversations', 'Conversations', false],
  ['escalations', '/admin/escalations', 'Escalations', false],
  ['kb', '/admin/kb', 'Knowledge base', true],
  ['accounts', '/admin/accounts', 'Accounts', true],
  ['customers', '/admin/customers', 'Customer data', true],
  ['audit', '/admin/audit', 'Audit log', true],
  ['settings', '/admin/settings', 'Settings', true],
];

/** Who is signed in, for the header and the navigation. */
export interface PageViewer {
  name: string;
  role: 'admin' | 'agent';
}

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

/** Every console page: the navigation, a sign-out form (with the CSRF token), and the page's own content. */
export function consolePage(options: { title: string; section: Section; csrf: string; body: SafeHtml; notice?: Notice | null; viewer?: PageViewer; live?: boolean }): string {
  const { title, section, csrf, body, notice, viewer } = options;
  const visible = sections.filter(([, , , adminOnly]) => !adminOnly || !viewer || viewer.role === 'admin');
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · aftercare console</title>
<link rel="stylesheet" href="/admin/assets/console.css">
${options.live ? html`<script src="/admin/assets/live.js" defer></script>` : ''}
</head>
<body>
<header class="top">
  <span class="brand">aftercare</span>
  <nav aria-label="Console">${visible.map(([id, href, label]) => html`<a href="${href}"${id === section ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>
  ${viewer ? html`<span class="viewer small" data-testid="viewer">${viewer.name} · ${viewer.role}</span>` : ''}
  <form method="post" action="/admin/logout"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">Sign out</button></form>
</header>
<main>
<h1>${title}</h1>
${notice ? html`<div class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</div>` : ''}
${body}
</main>
</body>
</html>`.value;
}

export function loginPage(options: { next: string; error?: string; mode: 'accounts' | 'token' }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · aftercare console</title>
<link rel="stylesheet" href="/admin/assets/console.css">
</head>
<body>
<main class="login">
  <div class="card">
    <h1>aftercare console</h1>
    ${options.error ? html`<div class="notice error" role="alert">${options.error}</div>` : ''}
    ${
      options.mode === 'accounts'
        ? html`<form method="post" action="/admin/login">
      <label>Username <input type="text" name="username" autocomplete="username" required autofocus></label>
      <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
      <input type="hidden" name="next" value="${options.next}">
      <button class="primary" type="submit">Sign in</button>
    </form>`
        : html`<form method="post" action="/admin/login">
      <label>Admin token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
      <input type="hidden" name="next" value="${options.next}">
      <button class="primary" type="submit">Sign in</button>
    </form>
    <p class="muted small">The same token as the admin API (<code>ADMIN_TOKEN</code>). No staff account exists yet: sign in with it and create the first admin under Accounts (or run <code>aftercare staff add</code>).</p>`
    }
  </div>
</main>
</body>
</html>`.value;
}
