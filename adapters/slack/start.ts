import type { ChannelContext, StartedChannel } from '../channel-adapter.js';
import { InFlight } from '../shared/in-flight.js';
import { createBoltApp, slackEventsPath } from './bolt-app.js';
import { registerListeners } from './listeners.js';
import type { SlackSettings } from './settings.js';
import { SlackStaffDesk } from './slack-desk.js';
import { SlackSender } from './slack-sender.js';
import { createSlackClient } from './web-client.js';

/** Customers in DMs and the support channel, staff in the staff channel: HTTP (Events API) or Socket Mode. */
export function startSlack(ctx: ChannelContext<SlackSettings>): StartedChannel {
  const { settings, logger } = ctx;
  const client = createSlackClient(settings.botToken, settings.apiUrl, logger);
  const sender = new SlackSender(client);
  if (!settings.staffChannel) logger.warn('SLACK_STAFF_CHANNEL is not set: escalations are stored, but nobody is notified in Slack');
  const bolt = createBoltApp(settings, logger);
  const inFlight = new InFlight();
  registerListeners(bolt.app, {
    settings,
    logger,
    inFlight,
    customers: { turns: ctx.turns, store: ctx.store, sender, logger },
    staff: settings.staffChannel ? { handoff: ctx.handoff, approval: ctx.staffApproval, client, staffChannel: settings.staffChannel, logger } : null,
  });
  logger.info(
    { mode: bolt.mode, path: bolt.mode === 'http' ? slackEventsPath : undefined, staffChannel: settings.staffChannel, supportChannel: settings.supportChannel },
    'slack adapter on',
  );
  if (bolt.mode === 'socket') {
    bolt.start().then(
      () => logger.info('slack socket mode connected'),
      (error: unknown) => logger.error({ err: error }, 'slack socket mode could not connect'),
    );
  }
  return {
    routes: bolt.router ? [bolt.router] : [],
    senders: [sender],
    ...(settings.staffChannel ? { staffDesk: new SlackStaffDesk(client, settings.staffChannel) } : {}),
    async stop() {
      // No new events, then the handlers in flight finish sending.
      if (bolt.mode === 'socket') await bolt.stop();
      await inFlight.settled();
    },
  };
}
