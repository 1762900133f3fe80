import type { StaffApproval } from '../../src/commerce/staff-approval.js';
import { EscalationNotFoundError } from '../../src/handoff/errors.js';
import type { Handoff } from '../../src/handoff/handoff.js';
import type { StaffAction } from '../../src/handoff/staff-actions.js';
import type { Logger } from '../../src/logger.js';
import { slackTime } from './escalation-blocks.js';
import type { SlackMessage } from './message-routing.js';
import { mention, staffMember } from './staff-member.js';
import { slackToPlainText } from './slack-text.js';
import { encodeThread } from './thread-ref.js';
import type { SlackClient } from './web-client.js';

export interface StaffDependencies {
  handoff: Handoff;
  /** Runs or declines the order actions prepared for staff; null without a shop connector. */
  approval?: StaffApproval | null;
  client: SlackClient;
  staffChannel: string;
  logger: Logger;
}

const closedWords = { resolved: 'resolved', handed_back: 'handed back to the bot' } as const;

async function tellStaff(deps: StaffDependencies, user: string, text: string, threadTs?: string): Promise<void> {
  await deps.client.chat
    .postEphemeral({ channel: deps.staffChannel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) })
    .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not post an ephemeral message to staff'));
}

async function react(deps: StaffDependencies, channel: string, ts: string, name: string): Promise<void> {
  await deps.client.reactions
    .add({ channel, timestamp: ts, name })
    .catch((error: unknown) => deps.logger.warn({ err: error, name }, 'could not add a reaction (reactions:write scope?)'));
}

/**
 * A staff member's reply in an escalation's thread goes to the customer. They see what
 * happened to it: ✅ delivered, 🔒 kept as an internal note, ⚠️ not delivered (and why).
 */
export async function handleStaffReply(deps: StaffDependencies, message: SlackMessage, route: { channel: string; threadTs: string }): Promise<void> {
  const user = message.user!;
  const text = slackToPlainText(message.text);
  const staffThread = encodeThread({ channel: route.channel, ts: route.threadTs });
  if (!text) {
    await tellStaff(deps, user, 'Only text can be relayed to the customer; paste a link instead of attaching a file.', route.threadTs);
    return;
  }
  const staff = await staffMember(deps.client, user, deps.logger);
  const result = await deps.handoff.relay({ staffThread, staff, text, messageId: `${message.channel}:${message.ts}`, now: new Date() });
  switch (result.kind) {
    case 'delivered':
      await react(deps, message.channel, message.ts, 'white_check_mark');
      return;
    case 'internal_note':
      await react(deps, message.channel, message.ts, 'lock');
      return;
    case 'failed':
      await react(deps, message.channel, message.ts, 'warning');
      await deps.client.chat
        .postMessage({ channel: route.channel, thread_ts: route.threadTs, text: `:warning: Your message was not delivered to the customer: ${result.error}` })
        .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not report a failed relay'));
      return;
    case 'closed': {
      const { status, closedBy } = result.escalation;
      const by = closedBy ? ` by ${mention({ id: closedBy, name: result.escalation.closedByName ?? closedBy })}` : '';
      await tellStaff(
        deps,
        user,
        `Not sent: this conversation was ${closedWords[status as keyof typeof closedWords] ?? status}${by}. The customer is with the bot again.`,
        route.threadTs,
      );
      return;
    }
    case 'duplicate':
    case 'not_an_escalation':
    case 'not_yours':
      return;
  }
}

const actionsById: Record<string, StaffAction> = {
  handoff_take_over: 'take_over',
  handoff_resolve: 'resolve',
  handoff_hand_back: 'hand_back',
};

/** Take over / Resolve / Hand back clicked on an escalation card. */
export async function handleStaffAction(deps: StaffDependencies, click: { actionId: string; escalationId: string; userId: string; channelId: string | undefined }): Promise<void> {
  const action = actionsById[click.actionId];
  if (!action) return;
  if (click.channelId !== deps.staffChannel) {
    deps.logger.warn({ channel: click.channelId, action }, 'handoff button clicked outside the staff channel: ignored');
    return;
  }
  const staff = await staffMember(deps.client, click.userId, deps.logger);
  try {
    const result = await deps.handoff.act(action, click.escalationId, staff);
    if (result.kind === 'already_taken') {
      const { assignee, takenAt } = result.escalation;
      if (action === 'take_over') {
        const text =
          assignee === click.userId
            ? 'You already have this conversation.'
            : `${mention({ id: assignee ?? '', name: result.escalation.assigneeName ?? assignee ?? 'someone' })} took this over${takenAt ? ` at ${slackTime(takenAt, '{time}')}` : ''}.`;
        await tellStaff(deps, click.userId, text);
      }
    } else if (result.kind === 'already_closed') {
      const { status, closedBy, closedAt } = result.escalation;
      await tellStaff(
        deps,
        click.userId,
        `Nothing changed: this was already ${closedWords[status as keyof typeof closedWords] ?? status}${closedBy ? ` by ${mention({ id: closedBy, name: result.escalation.closedByName ?? closedBy })}` : ''}${closedAt ? ` at ${slackTime(closedAt, '{time}')}` : ''}.`,
      );
    }
  } catch (error) {
    if (!(error instanceof EscalationNotFoundError)) throw error;
    await tellStaff(deps, click.userId, 'This escalation no longer exists in aftercare (was the database reset?).');
  }
}

/** Approve / Decline clicked on an order action the bot prepared: it runs once, and the clicker hears what the shop answered. */
export async function handleOrderActionClick(
  deps: StaffDependencies,
  click: { actionId: string; orderActionId: string; userId: string; channelId: string | undefined },
): Promise<void> {
  if (!deps.approval) return;
  if (click.channelId !== deps.staffChannel) {
    deps.logger.warn({ channel: click.channelId }, 'order action button clicked outside the staff channel: ignored');
    return;
  }
  const staff = await staffMember(deps.client, click.userId, deps.logger);
  const result = click.actionId === 'order_action_approve' ? await deps.approval.approve(click.orderActionId, staff) : await deps.approval.decline(click.orderActionId, staff);
  const text =
    result.kind === 'done'
      ? `Done: ${result.detail}. The customer has been told.`
      : result.kind === 'failed'
        ? `The shop did not do it: ${result.detail}. The customer has been told nothing changed.`
        : result.kind === 'declined'
          ? 'Declined: nothing changed, and the customer has been told.'
          : `Nothing changed: this action is ${result.action?.status ?? 'gone'}.`;
  await tellStaff(deps, click.userId, text);
}
