import { z } from 'zod';
import { bool } from '../../src/config/settings-helpers.js';
import { ConfigError } from '../../src/config/errors.js';
import type { SettingsOf } from '../channel-adapter.js';

const guid = (what: string) =>
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, `must be the ${what} (a GUID such as 00000000-0000-0000-0000-000000000000)`);

/**
 * Microsoft Teams through the Bot Framework (an Azure Bot resource). Off until TEAMS_APP_ID is
 * set (or, for local trials with the Bot Framework Emulator only, TEAMS_ALLOW_UNAUTHENTICATED);
 * the combinations each app type needs are checked when the adapter starts.
 */
export const teamsSettings = {
  TEAMS_APP_ID: guid("Azure Bot's Microsoft App ID").optional(),
  TEAMS_APP_PASSWORD: z.string().min(1).optional(),
  TEAMS_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  TEAMS_APP_TENANT_ID: guid('Microsoft Entra tenant ID').optional(),
  TEAMS_ALLOW_UNAUTHENTICATED: bool.default(false),
  TEAMS_REPLY_BUDGET_MS: z.coerce.number().int().min(0).max(14_000, 'must leave time inside the Bot Framework’s 15-second limit (at most 14000 ms)').default(8000),
  TEAMS_OPENID_METADATA_URL: z.url().optional(),
};

export const teamsSecretKeys = ['TEAMS_APP_PASSWORD'] as const;

export type TeamsEnv = SettingsOf<typeof teamsSettings>;

export type TeamsAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export type TeamsSettings =
  | {
      authenticated: true;
      appId: string;
      appType: TeamsAppType;
      /** Absent for UserAssignedMSI, which gets its tokens from the managed identity. */
      appPassword?: string;
      tenantId?: string;
      openIdMetadataUrl?: string;
      replyBudgetMs: number;
    }
  | { authenticated: false; replyBudgetMs: number };

/**
 * Null when Teams is not configured (the adapter is off). A half-configured Teams stops
 * start-up with the variable to fix: a bot that accepted unsigned requests, or one that
 * could not sign its replies, would fail only later and far less clearly.
 */
export function teamsSettingsOf(config: TeamsEnv & { NODE_ENV?: string }): TeamsSettings | null {
  const appId = config.TEAMS_APP_ID;
  const replyBudgetMs = config.TEAMS_REPLY_BUDGET_MS;
  if (!appId) {
    const stray = (['TEAMS_APP_PASSWORD', 'TEAMS_APP_TYPE', 'TEAMS_APP_TENANT_ID'] as const).filter((key) => config[key]);
    if (stray.length > 0) throw new ConfigError([`TEAMS_APP_ID is required when ${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} set`]);
    if (!config.TEAMS_ALLOW_UNAUTHENTICATED) return null;
    if (config.NODE_ENV === 'production') {
      throw new ConfigError(['TEAMS_ALLOW_UNAUTHENTICATED=true is refused when NODE_ENV=production: set TEAMS_APP_ID (and its credentials) instead']);
    }
    return { authenticated: false, replyBudgetMs };
  }
  const tenantId = config.TEAMS_APP_TENANT_ID;
  const password = config.TEAMS_APP_PASSWORD;
  const appType: TeamsAppType = config.TEAMS_APP_TYPE ?? (tenantId ? 'SingleTenant' : 'MultiTenant');
  const problems: string[] = [];
  if (appType === 'UserAssignedMSI') {
    if (!tenantId) problems.push('TEAMS_APP_TENANT_ID is required for TEAMS_APP_TYPE=UserAssignedMSI');
    if (password) problems.push('TEAMS_APP_PASSWORD must not be set for TEAMS_APP_TYPE=UserAssignedMSI (the managed identity signs replies)');
  } else {
    if (!password) problems.push(`TEAMS_APP_PASSWORD is required for TEAMS_APP_TYPE=${appType} (the client secret of the app registration)`);
    if (appType === 'SingleTenant' && !tenantId) problems.push('TEAMS_APP_TENANT_ID is required for TEAMS_APP_TYPE=SingleTenant');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    authenticated: true,
    appId,
    appType,
    replyBudgetMs,
    ...(password ? { appPassword: password } : {}),
    ...(tenantId ? { tenantId } : {}),
    ...(config.TEAMS_OPENID_METADATA_URL ? { openIdMetadataUrl: config.TEAMS_OPENID_METADATA_URL } : {}),
  };
}
