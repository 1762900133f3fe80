import { isIP } from 'node:net';
import { z } from 'zod';

const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrSubnet(item: string): boolean {
  if (namedRanges.has(item)) return true;
  const [address, prefix, ...rest] = item.split('/');
  if (rest.length > 0 || !address || isIP(address) === 0) return false;
  return prefix === undefined || /^\d{1,3}$/.test(prefix) || isIP(prefix) !== 0;
}

/**
 * Express's `trust proxy` in its own syntax: `true`/`false`, a number of hops, or a
 * comma-separated list of addresses, subnets and the names loopback, linklocal, uniquelocal.
 */
export const trustProxy = z
  .string()
  .trim()
  .default('loopback')
  .transform((text, ctx): boolean | number | string => {
    if (text === 'true' || text === 'false') return text === 'true';
    if (/^\d+$/.test(text)) return Number(text);
    const items = text.split(',').map((item) => item.trim());
    const bad = items.filter((item) => !isAddressOrSubnet(item));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `"${bad.join('", "')}" is not an address, a subnet (10.0.0.0/8) or one of loopback, linklocal, uniquelocal` });
      return z.NEVER;
    }
    return items.join(',');
  });

/** The HTTP server: who may say which address a client has, and how many failed sign-ins an address gets. */
export const serverSettings = {
  TRUST_PROXY: trustProxy,
  ADMIN_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  CONSOLE_LOGIN_FAILURES_PER_15_MIN: z.coerce.number().int().min(1).max(10_000).default(10),
};
