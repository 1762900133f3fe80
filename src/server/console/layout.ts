import { html, type SafeHtml } from './html.js';

export type Section = 'metrics' | 'conversations' | 'escalations' | 'kb';

const sections: Array<[Section, string, string]> = [
  ['metrics', '/admin/metrics', 'Metrics'],
  ['conversations', '/admin/conversations', 'Conversations'],
  ['escalations', '/admin/escalations', 'Escalations'],
  ['kb', '/admin/kb', 'Knowledge base'],
];

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

/** Every console page: the navigation, a sign-out form (with the CSRF token), and the page's own content. */
export function consolePage(options: { title: string; section: Section; csrf: string; body: SafeHtml; notice?: Notice | null }): string {
  const { title, section, csrf, body, notice } = options;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · aftercare console</title>
<link rel="stylesheet" href="/admin/assets/console.css">
</head>
<body>
<header class="top">
  <span class="brand">aftercare</span>
  <nav aria-label="Console">${sections.map(
    ([id, href, label]) => html`<a href="${href}"${id === section ? html` aria-current="page"` : ''}>${label}</a>`,
  )}</nav>
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

export function loginPage(options: { next: string; error?: string; disabled?: boolean }): string {
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
    <form method="post" action="/admin/login">
      <label>Admin token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
      <input type="hidden" name="next" value="${options.next}">
      <button class="primary" type="submit">Sign in</button>
    </form>
    <p class="muted small">The same token as the admin API (<code>ADMIN_TOKEN</code>).</p>
  </div>
</main>
</body>
</html>`.value;
}
