import { setTimeout as delay } from 'node:timers/promises';
import { CommerceError } from '../core/commerce.js';

export interface ShopAttempt {
  /** The connector and the API it calls, for the error: "shopify", "the Admin API". */
  connector: string;
  api: string;
  attempt: number;
  attempts: number;
  /** How long the shop asked to be left alone, from a 429's or 5xx's Retry-After (each shop reads it its own way). */
  retryAfterMs(response: Response): number;
}

/**
 * One attempt at a shop's API, with the retries every connector makes: a network failure waits
 * 250 ms × the attempt, a 429 or 5xx waits what the shop asked; on the last attempt either one
 * throws a CommerceError. Null means "waited, try again"; any other answer is the caller's to read.
 */
export async function shopResponse(send: () => Promise<Response>, at: ShopAttempt): Promise<Response | null> {
  let response: Response;
  try {
    response = await send();
  } catch (error) {
    if (at.attempt >= at.attempts) throw new CommerceError(at.connector, `${at.api} could not be reached`, { cause: error });
    await delay(250 * at.attempt);
    return null;
  }
  if (response.status === 429 || response.status >= 500) {
    if (at.attempt >= at.attempts) throw new CommerceError(at.connector, `${at.api} answered ${response.status}`);
    await delay(at.retryAfterMs(response));
    return null;
  }
  return response;
}
