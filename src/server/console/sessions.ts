import { createHash, randomBytes } from 'node:crypto';
import type { KeyValueRepository, StaffRole } from '../../store/types.js';

export interface ConsoleSession {
  /** Sent in every form; a state-changing request without it is refused. */
  csrf: string;
  createdAt: number;
  /** The staff account signed in; null for a sign-in with ADMIN_TOKEN (only while no account exists). */
  accountId: string | null;
  /** Which ADMIN_TOKEN signed in (token sessions): changing the token ends them. */
  tokenDigest?: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const keyOf = (id: string) => `console-session:${sha256(id)}`;

export type { StaffRole };

/**
 * Console sign-ins, kept in the store (shared by every process, gone on sign-out or expiry).
 * The browser holds only a random id; the store holds its hash, so a copy of the database
 * does not hand out live sessions.
 */
export class ConsoleSessions {
  constructor(
    private readonly keyValues: KeyValueRepository,
    private readonly adminToken: string | undefined,
    private readonly lifetimeMs: number,
  ) {}

  get maxAgeSeconds(): number {
    return Math.floor(this.lifetimeMs / 1000);
  }

  async create(accountId: string | null, now = Date.now()): Promise<{ id: string; session: ConsoleSession }> {
    const id = randomBytes(32).toString('base64url');
    const session: ConsoleSession = {
      csrf: randomBytes(32).toString('base64url'),
      createdAt: now,
      accountId,
      ...(accountId === null && this.adminToken ? { tokenDigest: sha256(this.adminToken) } : {}),
    };
    await this.keyValues.set(keyOf(id), JSON.stringify(session), new Date(now + this.lifetimeMs));
    return { id, session };
  }

  async get(id: string | undefined): Promise<ConsoleSession | null> {
    if (!id || id.length > 100) return null;
    const stored = await this.keyValues.get(keyOf(id));
    if (!stored) return null;
    const session = JSON.parse(stored.value) as ConsoleSession;
    if (session.accountId) return session;
    return this.adminToken && session.tokenDigest === sha256(this.adminToken) ? session : null;
  }

  async destroy(id: string | undefined): Promise<void> {
    if (!id) return;
    const stored = await this.keyValues.get(keyOf(id));
    if (stored) await this.keyValues.deleteIf(keyOf(id), stored.value);
  }
}
