/** A console session as a browser holds it: the cookie and the CSRF token of its forms. */
export interface ConsoleSession {
  cookie: string;
  csrf: string;
}

/** Signs in with a staff account over HTTP, like the login form does. */
export async function signInAs(url: string, username: string, password: string): Promise<ConsoleSession> {
  const response = await fetch(`${url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, next: '/admin/inbox' }),
    redirect: 'manual',
  });
  if (response.status !== 303) throw new Error(`sign-in as ${username} answered ${response.status}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const page = await (await fetch(`${url}/admin/inbox`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf };
}

/** Posts a console form; returns the response and the notice (flash) it set for the next page. */
export async function postForm(
  url: string,
  session: ConsoleSession,
  path: string,
  fields: Record<string, string> = {},
): Promise<{ status: number; notice: { kind: string; text: string } | null; response: Response }> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    body: new URLSearchParams({ _csrf: session.csrf, ...fields }),
    redirect: 'manual',
  });
  const flash = /aftercare_console_flash=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  const notice = flash ? (JSON.parse(decodeURIComponent(flash)) as { kind: string; text: string }) : null;
  return { status: response.status, notice, response };
}

export async function getPage(url: string, session: ConsoleSession, path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}${path}`, { headers: { cookie: session.cookie }, redirect: 'manual' });
  return { status: response.status, text: await response.text() };
}
