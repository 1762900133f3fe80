/** Why an inbound callback was refused; `status` is the HTTP answer, `reason` a stable code for logs. */
export class CallbackRejectedError extends Error {
  override readonly name = 'CallbackRejectedError';
  constructor(
    readonly status: 400 | 401 | 403,
    readonly reason:
      | 'missing_signature'
      | 'bad_signature'
      | 'stale_timestamp'
      | 'plaintext_refused'
      | 'encryption_not_configured'
      | 'malformed_xml'
      | 'xml_too_deep'
      | 'malformed_message'
      | 'decrypt_failed'
      | 'wrong_receiver',
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
  }
}

/** The platform API answered with a non-zero errcode (or not at all). */
export class WeChatApiError extends Error {
  override readonly name = 'WeChatApiError';
  constructor(
    readonly path: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${path} failed: errcode ${errcode} (${errmsg})${explain(errcode)}`);
  }

  /** The token was refused: fetch a new one and try once more. */
  get tokenRejected(): boolean {
    return errcode40001.has(this.errcode);
  }

  /** Worth another attempt with the same request (platform busy, network trouble). */
  get transient(): boolean {
    return this.errcode === -1 || this.errcode === NETWORK_ERROR;
  }
}

/** errcode used here for a request that got no usable answer (network error, non-JSON, HTTP 5xx). */
export const NETWORK_ERROR = -2;

const errcode40001 = new Set([40001, 40014, 42001]);

// The codes an operator meets when replies do not arrive, with what to do about them.
const hints: Record<number, string> = {
  40001: 'invalid credential: check the app secret, or another system refreshed the token',
  40164: 'this server’s IP is not on the API IP whitelist in the platform console',
  45002: 'message too long',
  45015: 'the customer has not written in the last 48 hours, so the API may not message them',
  45047: 'the per-message quota of API replies to this customer is used up',
  48001: 'this account is not authorised for the customer-service API (it needs a verified account)',
  95000: 'WeCom customer service: the session is not in a state that allows sending',
};

function explain(errcode: number): string {
  const hint = hints[errcode];
  return hint ? ` — ${hint}` : '';
}
