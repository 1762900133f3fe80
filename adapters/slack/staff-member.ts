import type { StaffMember } from '../../src/store/types.js';
import type { Logger } from '../../src/logger.js';
import type { SlackClient } from './web-client.js';

/** The name customers see for a staff member: their Slack display name, else real name, else handle. */
export async function staffMember(client: SlackClient, userId: string, logger: Logger): Promise<StaffMember> {
  try {
    const { user } = await client.users.info({ user: userId });
    const name = user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name;
    return { id: userId, name: name || userId };
  } catch (error) {
    logger.warn({ err: error, userId }, 'could not look up a staff member name (users:read scope?)');
    return { id: userId, name: userId };
  }
}

/**
 * How Slack shows a staff member: a live mention for a Slack user, the plain name for a
 * colleague who works in the console (whose id Slack does not know).
 */
export function mention(staff: StaffMember): string {
  return /^[UW][A-Z0-9]+$/.test(staff.id) ? `<@${staff.id}>` : `*${staff.name.replace(/[*_~<>&]/g, '')}*`;
}
