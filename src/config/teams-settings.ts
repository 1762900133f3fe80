import { z } from 'zod';

const guid = (what: string) =>
  z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, `must be the ${what} (a GUID such as 00000000-0000-0000-0000-000000000000)`);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

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
