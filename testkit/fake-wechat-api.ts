import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  path: string;
  token: string;
  body: Record<string, unknown>;
}

export interface FakeWeChatApi {
  /** Base URL for WECHAT_API_BASE_URL / WECOM_API_BASE_URL. */
  url: string;
  /** Token requests received (whatever their outcome). */
  tokenRequests: Array<{ path: string; query: Record<string, string> }>;
  /** Message sends the platform accepted, in order. */
  sent: ApiCall[];
  /** Message sends it refused, with the errcode it answered. */
  refused: Array<ApiCall & { errcode: number }>;
  /** Every token issued so far answers 42001 (expired) from now on. */
  expireTokens(): void;
  /** The next send answers with this errcode instead of being accepted. */
  failNextSend(errcode: number, errmsg?: string): void;
  /** Resolves once `count` sends have been accepted. */
  waitForSends(count: number): Promise<ApiCall[]>;
  /** WeCom customer service: messages `sync_msg` will hand out, and the notice token it requires. */
  kf: { messages: Array<Record<string, unknown>>; token: string; syncRequests: Array<Record<string, unknown>> };
  close(): Promise<void>;
}

const SEND_PATHS = new Set(['/cgi-bin/message/custom/send', '/cgi-bin/message/send', '/cgi-bin/kf/send_msg', '/cgi-bin/kf/send_msg_on_event']);

/**
 * The slice of the WeChat and WeCom server APIs the bot uses, on 127.0.0.1, speaking their
 * protocol: tokens from /cgi-bin/token (Official Account) and /cgi-bin/gettoken (WeCom),
 * errcode answers, 40001/42001 for refused tokens, 45002 for text over 2048 bytes.
 */
export async function startFakeWeChatApi(credentials: { appId?: string; secret?: string; corpId?: string; corpSecrets?: string[] }): Promise<FakeWeChatApi> {
  const valid = new Set<string>();
  const expired = new Set<string>();
  const tokenRequests: FakeWeChatApi['tokenRequests'] = [];
  const sent: ApiCall[] = [];
  const refused: FakeWeChatApi['refused'] = [];
  const failures: Array<{ errcode: number; errmsg: string }> = [];
  const waiters: Array<{ count: number; resolve: (calls: ApiCall[]) => void }> = [];
  let issued = 0;
  const kf: FakeWeChatApi['kf'] = { messages: [], token: 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR', syncRequests: [] };

  const json = (res: ServerResponse, body: Record<string, unknown>) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
  const issue = (res: ServerResponse) => {
    const token = `token-${++issued}`;
    valid.add(token);
    json(res, { access_token: token, expires_in: 7200, ...(res.req.url?.includes('gettoken') ? { errcode: 0, errmsg: 'ok' } : {}) });
  };
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    if (url.pathname === '/cgi-bin/token') {
      tokenRequests.push({ path: url.pathname, query });
      if (query.grant_type !== 'client_credential' || query.appid !== credentials.appId) return json(res, { errcode: 40013, errmsg: 'invalid appid' });
      if (query.secret !== credentials.secret) return json(res, { errcode: 40125, errmsg: 'invalid appsecret' });
      return issue(res);
    }
    if (url.pathname === '/cgi-bin/gettoken') {
      tokenRequests.push({ path: url.pathname, query });
      if (query.corpid !== credentials.corpId) return json(res, { errcode: 40013, errmsg: 'invalid corpid' });
      if (!credentials.corpSecrets?.includes(query.corpsecret ?? '')) return json(res, { errcode: 40001, errmsg: 'invalid credential' });
      return issue(res);
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/kf/sync_msg') {
      const body = await readBody(req);
      kf.syncRequests.push(body);
      if (!valid.has(query.access_token ?? '')) return json(res, { errcode: 40014, errmsg: 'invalid access_token' });
      if (body.token !== kf.token) return json(res, { errcode: 95007, errmsg: 'invalid msg token' });
      const start = Number(body.cursor || 0);
      const page = kf.messages.slice(start, start + 2);
      const end = start + page.length;
      return json(res, { errcode: 0, errmsg: 'ok', next_cursor: String(end), has_more: end < kf.messages.length ? 1 : 0, msg_list: page });
    }
    if (req.method === 'POST' && SEND_PATHS.has(url.pathname)) {
      const call: ApiCall = { path: url.pathname, token: query.access_token ?? '', body: await readBody(req) };
      const text = (call.body.text as { content?: string } | undefined)?.content ?? '';
      const refusal = expired.has(call.token)
        ? { errcode: 42001, errmsg: 'access_token expired' }
        : !valid.has(call.token)
          ? { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' }
          : Buffer.byteLength(text, 'utf8') > 2048
            ? { errcode: 45002, errmsg: 'content size out of limit' }
            : failures.shift();
      if (refusal) {
        refused.push({ ...call, errcode: refusal.errcode });
        return json(res, refusal);
      }
      sent.push(call);
      for (const waiter of [...waiters]) {
        if (sent.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve([...sent]);
        }
      }
      return json(res, { errcode: 0, errmsg: 'ok', ...(url.pathname === '/cgi-bin/kf/send_msg' ? { msgid: `kf-${sent.length}` } : {}) });
    }
    res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokenRequests,
    sent,
    refused,
    kf,
    expireTokens() {
      for (const token of valid) expired.add(token);
    },
    failNextSend(errcode, errmsg = 'failure injected by the test') {
      failures.push({ errcode, errmsg });
    },
    waitForSends(count) {
      if (sent.length >= count) return Promise.resolve([...sent]);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
