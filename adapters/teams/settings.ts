import type { Config } from '../../src/config/schema.js';
import { ConfigError } from '../../src/config/load-config.js';

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
export function teamsSettingsOf(config: Config): TeamsSettings | null {
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
