import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Bot Connector: a message, typing, or card it sent. */
export interface ConnectorCall {
  conversationId: string;
  /** Set when the SDK answered an activity (`.../activities/{replyToId}`); absent for a new (proactive) message. */
  replyToId?: string;
  activity: Record<string, unknown>;
  authorization: string | null;
}

export interface MsiTokenRequest {
  resource: string | null;
  clientId: string | null;
  identityHeader: string | null;
}

export interface FakeBotConnector {
  /** Base URL of the stand-in; `serviceUrl` is what activities carry (Teams' own end in a slash). */
  url: string;
  serviceUrl: string;
  /** Put in TEAMS_OPENID_METADATA_URL: the Bot Framework's OpenID configuration with this stand-in's signing keys. */
  openIdMetadataUrl: string;
  /** App Service managed identity endpoint (IDENTITY_ENDPOINT) and the secret header value it expects (IDENTITY_HEADER). */
  identityEndpoint: string;
  identityHeader: string;
  calls: ConnectorCall[];
  msiRequests: MsiTokenRequest[];
  /** Bearer tokens the managed identity endpoint has handed out. */
  issuedTokens: string[];
  /** The messages (not typing) sent into one conversation, in order. */
  messagesIn(conversationId: string): ConnectorCall[];
  waitFor(predicate: (call: ConnectorCall) => boolean): Promise<ConnectorCall>;
  /** The next `count` sends answer with this HTTP status: 403 as Teams does once the customer removed the app, others as an outage. */
  failNext(status: number, count?: number): void;
  /** A JWT as the Bot Framework signs it for a request to the bot, with this stand-in's published key. */
  channelToken(claims: Record<string, unknown>, options?: { key?: KeyObject; kid?: string; expiresInSeconds?: number }): string;
  /** A key the stand-in never published, for forged tokens. */
  strangerKey: KeyObject;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/**
 * The Microsoft side of a Teams bot on 127.0.0.1, speaking the real protocols:
 * - the Bot Connector REST API the SDK posts replies to (`POST /v3/conversations/{id}/activities[/{replyToId}]`);
 * - the Bot Framework's OpenID configuration and JWKS (with the `msteams` endorsement on its
 *   key), against which the SDK verifies the JWT on every request to the bot;
 * - an Azure App Service managed identity token endpoint, from which the SDK's
 *   `UserAssignedMSI` credentials get the bearer token for its outbound calls.
 * It records every call so tests can assert what the bot sent, and how it was signed.
 */
export async function startFakeBotConnector(options: { requireBearer?: boolean } = {}): Promise<FakeBotConnector> {
  const calls: ConnectorCall[] = [];
  const msiRequests: MsiTokenRequest[] = [];
  const issuedTokens: string[] = [];
  const waiters: Array<{ predicate: (call: ConnectorCall) => boolean; resolve: (call: ConnectorCall) => void }> = [];
  const failures: number[] = [];
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = `fake-bf-key-${randomUUID().slice(0, 8)}`;
  const identityHeader = `identity-header-${randomUUID()}`;
  let url = '';
  let sequence = 0;

  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const server: Server = createServer(async (req, res) => {
    const requestUrl = new URL(req.url ?? '/', url);
    const path = requestUrl.pathname;
    if (req.method === 'GET' && path === '/openid/.well-known/openidconfiguration') {
      return json(res, 200, {
        issuer: 'https://api.botframework.com',
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: `${url}/openid/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (req.method === 'GET' && path === '/openid/keys') {
      const jwk = publicKey.export({ format: 'jwk' });
      return json(res, 200, { keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
    }
    if (req.method === 'GET' && path === '/msi/token') {
      const request = {
        resource: requestUrl.searchParams.get('resource'),
        clientId: requestUrl.searchParams.get('client_id'),
        identityHeader: (req.headers['x-identity-header'] as string | undefined) ?? null,
      };
      msiRequests.push(request);
      if (request.identityHeader !== identityHeader) return json(res, 401, { error: 'invalid_identity_header' });
      const token = `msi-access-token-${++sequence}`;
      issuedTokens.push(token);
      return json(res, 200, {
        access_token: token,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource: request.resource,
        token_type: 'Bearer',
        client_id: request.clientId,
      });
    }
    const match = /^\/teams\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (req.method === 'POST' && match) {
      const body = await readBody(req);
      const authorization = (req.headers.authorization as string | undefined) ?? null;
      if (options.requireBearer && !issuedTokens.some((token) => authorization === `Bearer ${token}`)) {
        return json(res, 401, { error: { code: 'Unauthorized', message: 'Authorization has been denied for this request.' } });
      }
      const failure = failures.shift();
      if (failure === 403) return json(res, 403, { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } });
      if (failure) return json(res, failure, { error: { code: 'ServiceError', message: 'The service is unavailable.' } });
      const call: ConnectorCall = {
        conversationId: decodeURIComponent(match[1]!),
        ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
        activity: JSON.parse(body) as Record<string, unknown>,
        authorization,
      };
      calls.push(call);
      json(res, 200, { id: `reply-${++sequence}` });
      for (const waiter of [...waiters]) {
        if (waiter.predicate(call)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(call);
        }
      }
      return;
    }
    json(res, 404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    serviceUrl: `${url}/teams/`,
    openIdMetadataUrl: `${url}/openid/.well-known/openidconfiguration`,
    identityEndpoint: `${url}/msi/token`,
    identityHeader,
    calls,
    msiRequests,
    issuedTokens,
    strangerKey,
    messagesIn: (conversationId) => calls.filter((call) => call.conversationId === conversationId && call.activity.type === 'message'),
    waitFor(predicate) {
      const done = calls.find(predicate);
      if (done) return Promise.resolve(done);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    failNext(status, count = 1) {
      for (let i = 0; i < count; i++) failures.push(status);
    },
    channelToken(claims, tokenOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: 'RS256', typ: 'JWT', kid: tokenOptions.kid ?? kid };
      const payload = { iss: 'https://api.botframework.com', nbf: now - 5, iat: now - 5, exp: now + (tokenOptions.expiresInSeconds ?? 3600), ...claims };
      const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
      const signature = createSign('RSA-SHA256')
        .update(signingInput)
        .sign(tokenOptions.key ?? privateKey);
      return `${signingInput}.${base64url(signature)}`;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
