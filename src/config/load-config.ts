import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './errors.js';
import type { ChannelAdapter } from '../../adapters/channel-adapter.js';
import { configSchema, configSchemaWith, secretKeys, secretKeysWith, type Config } from './schema.js';

export { ConfigError };

/**
 * Reads `.env` (when present) beneath the real environment: a variable set in the
 * environment wins over the file, as operators expect when they override one value.
 */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, envFile = resolve(process.cwd(), '.env')): Record<string, string | undefined> {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  return { ...fromFile, ...env };
}

/** `extraChannels`: channels not (yet) in the registry whose settings should be read too. */
export function loadConfig(env: Record<string, string | undefined> = readEnvironment(), extraChannels: readonly ChannelAdapter[] = []): Config {
  // Empty strings mean "unset" in .env files; treating them as values would turn
  // `ADMIN_TOKEN=` into an empty (open) token.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const schema = extraChannels.length > 0 ? configSchemaWith(extraChannels) : configSchema;
  const secrets = extraChannels.length > 0 ? secretKeysWith(extraChannels) : secretKeys;
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path.join('.');
    // A problem inside a structured secret (WEBHOOK_CHANNELS.shop.secret) hides it too.
    const shown = secrets.has(String(issue.path[0])) ? '(hidden)' : JSON.stringify(present[key]);
    return `${key}=${shown}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}
