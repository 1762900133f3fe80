import type { Logger } from '../../src/logger.js';
import type { KeyValueRepository, LockService } from '../../src/store/types.js';
import { withRetries, type RetryPolicy } from '../shared/retry.js';
import { NETWORK_ERROR, WeChatApiError } from './errors.js';

type Json = Record<string, unknown>;

export interface PlatformApiOptions {
  baseUrl: string;
  /** Names the token in the shared store; one per app (Official Account AppID, WeCom CorpID + secret). */
  tokenCacheKey: string;
  /** Path and query of the token request; it carries the secret, so it is never logged. */
  tokenRequest: { path: string; query: Record<string, string> };
  keyValues: KeyValueRepository;
  locks: LockService;
  logger: Logger;
  timeoutMs?: number;
  retry?: RetryPolicy;
}

// A token is used by requests already in flight; replacing it five minutes early avoids
// sending one that expires on the way.
const EARLY_REFRESH_S = 300;

/**
 * The JSON API shared by WeChat Official Accounts and WeCom: every call carries an
 * `access_token`, every answer an `errcode`. Tokens are cached in the shared store so that
 * all processes use one (fetching a new token invalidates the old one a few minutes later,
 * so processes fetching their own would knock each other out), refreshed under a lock, and
 * fetched again once when the platform says the token is invalid or expired.
 */
export class PlatformApi {
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: PlatformApiOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retry = options.retry ?? { attempts: 3, baseDelayMs: 300, maxDelayMs: 3000 };
  }

  async post(path: string, body: Json): Promise<Json> {
    return withRetries(
      async () => {
        const token = await this.currentToken();
        try {
          return await this.call(path, { access_token: token }, body);
        } catch (error) {
          if (!(error instanceof WeChatApiError) || !error.tokenRejected) throw error;
          this.options.logger.warn({ path, errcode: error.errcode }, 'access token refused; fetching a new one');
          return this.call(path, { access_token: await this.refreshToken(token) }, body);
        }
      },
      this.retry,
      (error) => ({ retry: error instanceof WeChatApiError && error.transient }),
    );
  }

  async currentToken(): Promise<string> {
    const cached = await this.options.keyValues.get(this.options.tokenCacheKey);
    return cached ? cached.value : this.refreshToken(null);
  }

  /** Replaces `rejected` (or a missing token) with a fresh one, unless another process already did. */
  async refreshToken(rejected: string | null): Promise<string> {
    const { keyValues, locks, tokenCacheKey, tokenRequest, logger } = this.options;
    return locks.runExclusive(
      `access-token:${tokenCacheKey}`,
      async () => {
        const cached = await keyValues.get(tokenCacheKey);
        if (cached && cached.value !== rejected) return cached.value;
        if (rejected) await keyValues.deleteIf(tokenCacheKey, rejected);
        const answer = await this.call(tokenRequest.path, tokenRequest.query);
        const token = answer.access_token;
        const expiresIn = Number(answer.expires_in);
        if (typeof token !== 'string' || !token || !Number.isFinite(expiresIn)) {
          throw new WeChatApiError(tokenRequest.path, NETWORK_ERROR, 'token answer without access_token/expires_in');
        }
        await keyValues.set(tokenCacheKey, token, new Date(Date.now() + Math.max(60, expiresIn - EARLY_REFRESH_S) * 1000));
        logger.info({ cacheKey: tokenCacheKey, expiresIn }, 'fetched a new access token');
        return token;
      },
      { timeoutMs: 15_000 },
    );
  }

  private async call(path: string, query: Record<string, string>, body?: Json): Promise<Json> {
    const url = new URL(path, this.options.baseUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    let answer: Json;
    try {
      const response = await fetch(url, {
        method: body ? 'POST' : 'GET',
        headers: body ? { 'content-type': 'application/json' } : undefined,
        // Chinese text as UTF-8, not \u escapes: the platform counts the bytes it receives.
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      answer = (await response.json()) as Json;
    } catch (error) {
      // The message of a network error never includes the URL, which carries the token or secret.
      throw new WeChatApiError(path, NETWORK_ERROR, (error as Error).message ?? String(error));
    }
    const errcode = Number(answer.errcode ?? 0);
    if (errcode !== 0) throw new WeChatApiError(path, errcode, String(answer.errmsg ?? ''));
    return answer;
  }
}
