import { App, ExpressReceiver, SocketModeReceiver } from '@slack/bolt';
import express, { type Router } from 'express';
import type { Logger } from '../../src/logger.js';
import { boltLogger } from './bolt-logger.js';
import { rejectFutureTimestamps } from './request-timestamp.js';
import type { SlackSettings } from './settings.js';

export const slackEventsPath = '/slack/events';

export interface BoltSetup {
  app: App;
  /** Mounted on the project's server in HTTP mode; null in Socket Mode. */
  router: Router | null;
  mode: 'http' | 'socket';
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Bolt with the project's own server (HTTP) or a Socket Mode connection. Bolt's receiver
 * verifies the v0 signature over the raw body (rejecting stale timestamps; future ones are
 * refused before it), answers
 * url_verification, and acknowledges events before any listener runs. No start-up
 * `auth.test`: the token is handed over as is, and a bad one shows in the first call's log.
 */
export function createBoltApp(settings: SlackSettings, logger: Logger): BoltSetup {
  const log = boltLogger(logger);
  const slackApiUrl = settings.apiUrl.endsWith('/') ? settings.apiUrl : `${settings.apiUrl}/`;
  const common = {
    authorize: async () => ({ botToken: settings.botToken }),
    logger: log,
    // Our listeners drop every bot's messages (their own included) themselves, and keep no in-memory state.
    ignoreSelf: false,
    convoStore: false as const,
    clientOptions: { slackApiUrl },
  };
  if (settings.appToken) {
    const receiver = new SocketModeReceiver({ appToken: settings.appToken, logger: log, installerOptions: { clientOptions: { slackApiUrl } } });
    const app = new App({ ...common, receiver });
    return {
      app,
      router: null,
      mode: 'socket',
      start: async () => {
        await app.start();
      },
      stop: async () => {
        await app.stop();
      },
    };
  }
  const router = express.Router();
  router.post(slackEventsPath, rejectFutureTimestamps(logger));
  const receiver = new ExpressReceiver({
    signingSecret: settings.signingSecret!,
    endpoints: slackEventsPath,
    router,
    logger: log,
    processBeforeResponse: false,
  });
  const app = new App({ ...common, receiver });
  return { app, router, mode: 'http', start: async () => {}, stop: async () => {} };
}
