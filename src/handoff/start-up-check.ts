import type { Config } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { Handoff } from './handoff.js';

/**
 * Says loudly at start-up when nobody can answer an escalation: no external desk (Slack's
 * staff channel) and no console account. Customers are then given the shop's contact
 * instead of a promise; without one configured, they only get "the contact on our website".
 */
export async function warnWithoutStaffDesk(handoff: Handoff, config: Config, logger: Logger): Promise<boolean> {
  if (await handoff.staffDeskAvailable()) return true;
  const contact = [config.SUPPORT_CONTACT_EMAIL, config.SUPPORT_CONTACT_PHONE].some(Boolean);
  logger.warn(
    { staffDesk: null, consoleAccounts: 0, contactConfigured: contact },
    'NO STAFF DESK IS CONFIGURED: nobody can answer escalated customers here. They are told to contact the shop directly (SUPPORT_CONTACT_EMAIL / SUPPORT_CONTACT_PHONE). Set SLACK_STAFF_CHANNEL, or add a console account with `aftercare staff add`.',
  );
  if (!contact) logger.warn('SUPPORT_CONTACT_EMAIL and SUPPORT_CONTACT_PHONE are unset: escalated customers can only be pointed to "the contact details on our website"');
  return false;
}
