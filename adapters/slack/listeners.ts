import type { App } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';
import type { InFlight } from '../shared/in-flight.js';
import { handleCustomerMessage, type CustomerMessageDependencies } from './customer-messages.js';
import { routeMessage, slackMessageSchema } from './message-routing.js';
import { registerQueueCommand } from './queue-command.js';
import type { SlackSettings } from './settings.js';
import { handleOrderActionClick, handleStaffAction, handleStaffReply, type StaffDependencies } from './staff-interactions.js';

export interface ListenerDependencies {
  settings: SlackSettings;
  customers: CustomerMessageDependencies;
  /** Null when no staff channel is configured. */
  staff: StaffDependencies | null;
  logger: Logger;
  inFlight: InFlight;
}

function botUserIdOf(body: unknown): string | undefined {
  const authorizations = (body as { authorizations?: Array<{ user_id?: string; is_bot?: boolean }> }).authorizations;
  return authorizations?.find((a) => a.is_bot)?.user_id ?? authorizations?.[0]?.user_id;
}

/** Wires Slack events and button clicks to the customer and staff handlers. */
export function registerListeners(app: App, deps: ListenerDependencies): void {
  const { logger } = deps;

  const onMessage = (args: { event: unknown; body: unknown; context: { retryNum?: number } }) => deps.inFlight.track(handleMessage(args));
  const handleMessage = async ({ event, body, context }: { event: unknown; body: unknown; context: { retryNum?: number } }) => {
    const parsed = slackMessageSchema.safeParse(event);
    if (!parsed.success) {
      logger.debug({ issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'slack event not understood: ignored');
      return;
    }
    const message = parsed.data;
    const route = routeMessage(message, deps.settings);
    if (!route) return;
    if (context.retryNum) logger.info({ retryNum: context.retryNum, type: message.type }, 'slack redelivered an event');
    if (route.role === 'customer') {
      await handleCustomerMessage(deps.customers, message, route, { botUserId: botUserIdOf(body), retryNum: context.retryNum });
    } else if (deps.staff) {
      await handleStaffReply(deps.staff, message, route);
    }
  };
  app.event('message', onMessage);
  app.event('app_mention', onMessage);

  app.action({ type: 'block_actions', action_id: /^handoff_/ }, async ({ ack, body, action }) => {
    await ack();
    if (!deps.staff || action.type !== 'button') return;
    await deps.inFlight.track(
      handleStaffAction(deps.staff, {
        actionId: action.action_id,
        escalationId: action.value ?? '',
        userId: body.user.id,
        channelId: body.channel?.id,
      }),
    );
  });

  app.action({ type: 'block_actions', action_id: /^order_action_/ }, async ({ ack, body, action }) => {
    await ack();
    if (!deps.staff || action.type !== 'button') return;
    await deps.inFlight.track(
      handleOrderActionClick(deps.staff, { actionId: action.action_id, orderActionId: action.value ?? '', userId: body.user.id, channelId: body.channel?.id }),
    );
  });
  // A tapped follow-up is the customer asking it: the same turn as a typed message, in the same place.
  app.action({ type: 'block_actions', action_id: /^follow_up_/ }, async ({ ack, body, action }) => {
    await ack();
    if (action.type !== 'button' || !body.channel?.id || !action.value) return;
    const posted = (body as { message?: { ts?: string; thread_ts?: string } }).message;
    const message = slackMessageSchema.safeParse({
      type: 'message',
      channel: body.channel.id,
      user: body.user.id,
      text: action.value,
      ts: action.action_ts,
      thread_ts: posted?.thread_ts,
      channel_type: body.channel.id.startsWith('D') ? 'im' : undefined,
    });
    if (!message.success) return;
    const route = routeMessage(message.data, deps.settings);
    if (route?.role !== 'customer') return;
    await deps.inFlight.track(handleCustomerMessage(deps.customers, message.data, { ...route, onlyIfKnown: false }, { botUserId: botUserIdOf(body) }));
  });

  if (deps.staff) registerQueueCommand(app, deps.staff);

  app.error(async (error) => {
    logger.error({ err: error }, 'slack listener failed');
  });
}
