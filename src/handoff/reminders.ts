import type { HandoffContext } from './context.js';

const batch = 50;

/**
 * Reminds each waiting escalation's thread when nobody has taken it over for the configured
 * time, then again every interval, up to the configured number of reminders. A function of
 * `now` so a timer (or a test) drives it; the compare-and-set claim in the store makes each
 * reminder go out once however many processes run the sweep.
 */
export async function sendDueReminders(ctx: HandoffContext, now: Date): Promise<number> {
  const { reminderMinutes, maxReminders } = ctx.options;
  const desk = ctx.desk;
  if (reminderMinutes <= 0 || maxReminders <= 0 || !desk) return 0;
  const intervalMs = reminderMinutes * 60_000;
  let sent = 0;
  for (const escalation of await ctx.store.escalations.listDueReminders(now, intervalMs, maxReminders, batch)) {
    if (!(await ctx.store.escalations.claimReminder(escalation.id, escalation.remindersSent, now))) continue;
    const waitingMinutes = Math.floor((now.getTime() - escalation.createdAt.getTime()) / 60_000);
    try {
      await desk.note(escalation.staffThread!, { kind: 'reminder', waitingMinutes, reminder: escalation.remindersSent + 1, of: maxReminders });
      await ctx.store.events.record({ type: 'handoff_reminder', conversationId: escalation.conversationId, data: { escalationId: escalation.id, waitingMinutes } });
      sent++;
    } catch (error) {
      ctx.logger.warn({ err: error, escalationId: escalation.id }, 'could not post a handoff reminder');
    }
  }
  return sent;
}
