import { setTimeout as delay } from 'node:timers/promises';
import { CommerceError } from '../../core/commerce.js';
import type { Logger } from '../../logger.js';
import { shopResponse } from '../shop-http.js';

const shopifyRetryAfterMs = (response: Response) => Math.max(1, Number(response.headers.get('retry-after') ?? '1')) * 1000;

/** Shopify's report of what a query cost and how full the leaky bucket is (extensions.cost). */
interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

interface GraphqlResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
  extensions?: { cost?: QueryCost };
}

export interface ShopifyClientOptions {
  /** https://<shop>.myshopify.com, or a stand-in's URL. */
  baseUrl: string;
  accessToken: string;
  apiVersion: string;
  logger: Logger;
  /** Attempts per call when Shopify throttles or fails (default 4). */
  maxAttempts?: number;
  timeoutMs?: number;
}

/**
 * Shopify's Admin GraphQL API with its cost-based rate limit honoured: every answer reports the
 * bucket (`extensions.cost.throttleStatus`); a call that would not fit waits until the bucket has
 * restored enough at `restoreRate` points a second, and a `THROTTLED` answer is retried after
 * exactly that wait instead of hammering the API.
 */
export class ShopifyGraphqlClient {
  private bucket: { available: number; maximum: number; restoreRate: number; at: number } | null = null;
  private readonly endpoint: string;

  constructor(private readonly options: ShopifyClientOptions) {
    this.endpoint = `${options.baseUrl.replace(/\/+$/, '')}/admin/api/${options.apiVersion}/graphql.json`;
  }

  /** Points the bucket should hold now, given the last report and the time since. */
  private availableNow(): number | null {
    if (!this.bucket) return null;
    const restored = ((Date.now() - this.bucket.at) / 1000) * this.bucket.restoreRate;
    return Math.min(this.bucket.maximum, this.bucket.available + restored);
  }

  private waitMsFor(cost: number): number {
    const available = this.availableNow();
    if (available === null || available >= cost || !this.bucket) return 0;
    return Math.ceil(((cost - available) / this.bucket.restoreRate) * 1000);
  }

  async request<T>(query: string, variables: Record<string, unknown> = {}, estimatedCost = 50): Promise<T> {
    const attempts = this.options.maxAttempts ?? 4;
    let cost = estimatedCost;
    for (let attempt = 1; ; attempt++) {
      const wait = this.waitMsFor(cost);
      if (wait > 0) await delay(wait);
      const response = await shopResponse(
        () =>
          fetch(this.endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-shopify-access-token': this.options.accessToken },
            body: JSON.stringify({ query, variables }),
            signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
          }),
        { connector: 'shopify', api: 'the Admin API', attempt, attempts, retryAfterMs: shopifyRetryAfterMs },
      );
      if (!response) continue;
      if (response.status === 401 || response.status === 403) throw new CommerceError('shopify', `the access token was refused (${response.status})`);
      if (!response.ok) throw new CommerceError('shopify', `the Admin API answered ${response.status}`);
      const body = (await response.json()) as GraphqlResponse<T>;
      const reported = body.extensions?.cost;
      if (reported) {
        const { throttleStatus } = reported;
        this.bucket = { available: throttleStatus.currentlyAvailable, maximum: throttleStatus.maximumAvailable, restoreRate: throttleStatus.restoreRate, at: Date.now() };
        cost = reported.requestedQueryCost;
      }
      if (body.errors?.some((e) => e.extensions?.code === 'THROTTLED')) {
        if (attempt >= attempts) throw new CommerceError('shopify', 'throttled, and still throttled after retrying');
        this.options.logger.info({ waitMs: this.waitMsFor(cost), cost }, 'shopify throttled the call; waiting for the bucket to restore');
        // Without a report, wait a second: the smallest restore step Shopify documents.
        if (!reported) await delay(1000);
        continue;
      }
      if (body.errors?.length) throw new CommerceError('shopify', body.errors.map((e) => e.message).join('; '));
      if (!body.data) throw new CommerceError('shopify', 'the answer had no data');
      return body.data;
    }
  }
}
