import bcrypt from 'bcryptjs';
import { z } from 'zod';
import type { StaffAccount, StaffMember, StaffRole, Store } from '../store/types.js';

export class StaffAccountError extends Error {
  override readonly name = 'StaffAccountError';
}

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/i, 'a username is 2-40 letters, digits, dots, dashes or underscores');
export const displayNameSchema = z.string().trim().min(1, 'a name is needed (customers see it)').max(60, 'a name is at most 60 characters');
/** Long enough to resist guessing; bcrypt reads at most 72 bytes. */
export const passwordSchema = z
  .string()
  .min(10, 'a password needs at least 10 characters')
  .refine((value) => Buffer.byteLength(value) <= 72, 'a password is at most 72 bytes');
export const roleSchema = z.enum(['admin', 'agent']);

/** What customers and colleagues see for a console account; the id tells Slack it is no Slack user. */
export const consoleStaffMember = (account: StaffAccount): StaffMember => ({ id: `console:${account.username}`, name: account.name });

/** Who acted with ADMIN_TOKEN (the admin API, or the console before any account exists). */
export const adminTokenActor: StaffMember = { id: 'admin-token', name: 'Admin (ADMIN_TOKEN)' };

/** Compared against when the username is unknown, so a sign-in takes as long whether or not the account exists. */
let dummyHash: string | null = null;

export interface NewAccount {
  username: string;
  name: string;
  role: StaffRole;
  password: string;
}

/** Staff accounts: bcrypt-hashed passwords (bcryptjs: pure JavaScript, nothing native to build). */
export class StaffAccounts {
  constructor(
    private readonly store: Store,
    private readonly hashCost: number,
  ) {}

  private parse(input: NewAccount): NewAccount {
    const problems: string[] = [];
    const pick = <T>(result: z.ZodSafeParseResult<T>): T | undefined => {
      if (result.success) return result.data;
      problems.push(result.error.issues[0]!.message);
      return undefined;
    };
    const username = pick(usernameSchema.safeParse(input.username));
    const name = pick(displayNameSchema.safeParse(input.name));
    const role = pick(roleSchema.safeParse(input.role));
    const password = pick(passwordSchema.safeParse(input.password));
    if (problems.length > 0) throw new StaffAccountError(problems.join('; '));
    return { username: username!, name: name!, role: role!, password: password! };
  }

  /** Creates the account and records who did it; a taken username is a `StaffAccountError`. */
  async create(input: NewAccount, actor: StaffMember): Promise<StaffAccount> {
    const valid = this.parse(input);
    const passwordHash = await bcrypt.hash(valid.password, this.hashCost);
    const account = await this.store.staffAccounts.create({ username: valid.username, name: valid.name, role: valid.role, passwordHash });
    if (!account) throw new StaffAccountError(`the username "${valid.username}" is taken`);
    await this.store.audit.record({ actor, action: 'account_created', target: `account:${account.username}`, detail: { role: account.role } });
    return account;
  }

  /** The account when the password is right and the account is not disabled; null otherwise (in constant-ish time). */
  async verify(username: string, password: string): Promise<StaffAccount | null> {
    const account = username ? await this.store.staffAccounts.findByUsername(username.trim()) : null;
    if (!account) {
      dummyHash ??= await bcrypt.hash('not a real password', this.hashCost);
      await bcrypt.compare(password, dummyHash);
      return null;
    }
    const matches = await bcrypt.compare(password, account.passwordHash);
    return matches && !account.disabledAt ? account : null;
  }

  async setRole(account: StaffAccount, role: StaffRole, actor: StaffMember): Promise<void> {
    await this.guardLastAdmin(account, role !== 'admin');
    await this.store.staffAccounts.update(account.id, { role });
    await this.store.audit.record({ actor, action: 'account_role_changed', target: `account:${account.username}`, detail: { role } });
  }

  async setDisabled(account: StaffAccount, disabled: boolean, actor: StaffMember): Promise<void> {
    if (disabled) await this.guardLastAdmin(account, true);
    await this.store.staffAccounts.update(account.id, { disabled });
    await this.store.audit.record({ actor, action: disabled ? 'account_disabled' : 'account_enabled', target: `account:${account.username}` });
  }

  async setPassword(account: StaffAccount, password: string, actor: StaffMember): Promise<void> {
    const parsed = passwordSchema.safeParse(password);
    if (!parsed.success) throw new StaffAccountError(parsed.error.issues[0]!.message);
    await this.store.staffAccounts.update(account.id, { passwordHash: await bcrypt.hash(parsed.data, this.hashCost) });
    await this.store.audit.record({ actor, action: 'account_password_set', target: `account:${account.username}` });
  }

  /** Nobody may lock every admin out: the last active admin stays an admin. */
  private async guardLastAdmin(account: StaffAccount, losingAdmin: boolean): Promise<void> {
    if (!losingAdmin || account.role !== 'admin' || account.disabledAt) return;
    const admins = (await this.store.staffAccounts.list()).filter((a) => a.role === 'admin' && !a.disabledAt);
    if (admins.length <= 1) throw new StaffAccountError('this is the last active admin: make another admin first');
  }
}
