import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a visitor's token says: their conversation, and when the token stops being accepted. */
export interface VisitorClaims {
  /** Random, 128 bits: the widget channel's conversation key. */
  conversation: string;
  issuedAt: number;
  expiresAt: number;
}

export type TokenProblem = 'missing' | 'malformed' | 'bad_signature' | 'expired';

export class WidgetTokenError extends Error {
  override readonly name = 'WidgetTokenError';
  constructor(readonly problem: TokenProblem) {
    super(`widget token refused: ${problem}`);
  }
}

const version = 'v1';
const claimsPattern = /^[A-Za-z0-9_-]{22}$/;

/**
 * Signed conversation tokens, `v1.<claims>.<HMAC-SHA256>` in base64url. The server keeps
 * nothing per visitor: the signature proves it issued the token, and the conversation key
 * inside is random, so one visitor can neither guess nor forge another's conversation.
 */
export class WidgetTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlMs: number,
  ) {}

  private sign(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(`aftercare-widget.${version}.${payload}`).digest();
  }

  /** A token for `conversation` (renewed) or for a new conversation. */
  issue(now = Date.now(), conversation = randomBytes(16).toString('base64url')): { token: string; claims: VisitorClaims } {
    const claims: VisitorClaims = { conversation, issuedAt: now, expiresAt: now + this.ttlMs };
    const payload = Buffer.from(JSON.stringify({ c: claims.conversation, iat: claims.issuedAt, exp: claims.expiresAt })).toString('base64url');
    return { token: `${version}.${payload}.${this.sign(payload).toString('base64url')}`, claims };
  }

  verify(token: string | undefined, now = Date.now()): VisitorClaims {
    if (!token) throw new WidgetTokenError('missing');
    const [tag, payload, signature, ...rest] = token.split('.');
    if (tag !== version || !payload || !signature || rest.length > 0 || token.length > 512) throw new WidgetTokenError('malformed');
    const given = Buffer.from(signature, 'base64url');
    const expected = this.sign(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new WidgetTokenError('bad_signature');
    let parsed: { c?: unknown; iat?: unknown; exp?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof parsed;
    } catch {
      throw new WidgetTokenError('malformed');
    }
    const { c, iat, exp } = parsed;
    if (typeof c !== 'string' || !claimsPattern.test(c) || typeof iat !== 'number' || typeof exp !== 'number') throw new WidgetTokenError('malformed');
    if (exp <= now) throw new WidgetTokenError('expired');
    return { conversation: c, issuedAt: iat, expiresAt: exp };
  }
}
