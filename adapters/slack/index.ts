import type { Router } from 'express';
import type { Runtime } from '../../src/runtime.js';
import { createBoltApp, slackEventsPath } from './bolt-app.js';
import { InFlight } from '../shared/in-flight.js';
import { registerListeners } from './listeners.js';
import { slackSettingsOf } from './settings.js';
import { SlackStaffDesk } from './slack-desk.js';
import { SlackSender } from './slack-sender.js';
import { createSlackClient } from './web-client.js';

/**
 * The Slack channel: customers in DMs and the support channel, staff in the staff channel.
 * Returns the router to mount (HTTP mode), or none (off, or Socket Mode).
 */
export function slackChannel(runtime: Runtime): Router[] {
  const logger = runtime.logger.child({ channel: 'slack' });
  const settings = slackSettingsOf(runtime.config);
  if (!settings) {
    logger.info('slack adapter off: SLACK_BOT_TOKEN is not set');
    return [];
  }
  const client = createSlackClient(settings.botToken, settings.apiUrl, logger);
  const sender = new SlackSender(client);
  runtime.channels.register(sender);
  if (settings.staffChannel) {
    runtime.handoff.attachDesk(new SlackStaffDesk(client, settings.staffChannel));
  } else {
    logger.warn('SLACK_STAFF_CHANNEL is not set: escalations are stored, but nobody is notified in Slack');
  }
  const bolt = createBoltApp(settings, logger);
  const inFlight = new InFlight();
  runtime.onClose(() => inFlight.settled());
  registerListeners(bolt.app, {
    settings,
    logger,
    inFlight,
    customers: {
      engine: runtime.engine,
      store: runtime.store,
      templates: runtime.templates,
      defaultLanguage: runtime.config.DEFAULT_LANGUAGE,
      sender,
      logger,
    },
    staff: settings.staffChannel ? { handoff: runtime.handoff, approval: runtime.staffApproval, client, staffChannel: settings.staffChannel, logger } : null,
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
    runtime.onClose(bolt.stop);
  }
  return bolt.router ? [bolt.router] : [];
}
