import type { App } from '@slack/bolt';
import type { Handoff, QueueEntry } from '../../src/handoff/handoff.js';
import type { Logger } from '../../src/logger.js';
import { customerLabel, reasonLabels, slackTime } from './escalation-blocks.js';
import { mention } from './staff-member.js';
import { decodeThread } from './thread-ref.js';

export const queueCommand = '/aftercare';

function permalink(teamDomain: string, staffThread: string | null): string | null {
  if (!staffThread) return null;
  const { channel, ts } = decodeThread(staffThread);
  return `https://${teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
}

export function queueText(entries: readonly QueueEntry[], teamDomain: string, now: Date): string {
  const waiting = entries.filter((e) => e.escalation.status === 'open');
  const withStaff = entries.filter((e) => e.escalation.status === 'taken');
  if (entries.length === 0) return ':tada: Nobody is waiting for staff.';
  const line = ({ escalation, conversation }: QueueEntry) => {
    const who = customerLabel({ customer: { channel: conversation.channel, userId: conversation.userId, conversationKey: conversation.conversationKey } });
    const link = permalink(teamDomain, escalation.staffThread);
    const where = `${conversation.channel} · ${who}${link ? ` · <${link}|open>` : ' · _not posted yet_'}`;
    if (escalation.status === 'open') {
      const minutes = Math.max(0, Math.floor((now.getTime() - escalation.createdAt.getTime()) / 60_000));
      return `• :hourglass_flowing_sand: *waiting ${minutes} min* · ${escalation.reasons.map((r) => reasonLabels[r] ?? r).join(', ')} · ${where}`;
    }
    return `• :raising_hand: ${mention({ id: escalation.assignee ?? '', name: escalation.assigneeName ?? escalation.assignee ?? '' })} since ${slackTime(escalation.takenAt ?? escalation.updatedAt, '{time}')} · ${where}`;
  };
  return [`*${waiting.length} waiting, ${withStaff.length} with staff*`, ...waiting.map(line), ...withStaff.map(line)].join('\n');
}

/** `/aftercare` in the staff channel: who is waiting and who has whom, only for the person who asked. */
export function registerQueueCommand(app: App, deps: { handoff: Handoff; staffChannel: string; logger: Logger }): void {
  app.command(queueCommand, async ({ ack, command }) => {
    if (command.channel_id !== deps.staffChannel) {
      // Customers may share the workspace: the queue is only shown where staff work.
      await ack({ response_type: 'ephemeral', text: `The queue is only shown in the staff channel (<#${deps.staffChannel}>).` });
      return;
    }
    const entries = await deps.handoff.queue();
    await ack({ response_type: 'ephemeral', text: queueText(entries, command.team_domain, new Date()) });
  });
}
