import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Runtime } from '../runtime.js';
import { warnWithoutStaffDesk } from '../handoff/start-up-check.js';
import { createApp } from './app.js';
import type { ChannelAdapter } from '../../adapters/channel-adapter.js';
import type { Router } from 'express';
import { startChannels } from './channels.js';
import { consoleRouter } from './console/console-router.js';
import { kbAdminRouter } from './kb-admin-routes.js';
import { orderActionRouter } from './order-action-routes.js';
import { shopWebhookRouter } from './shop-webhook-routes.js';
import type { Metrics } from './metrics.js';
import { startLinks, startUpMessage } from './start-page.js';

/** The server could not take its address: which one, why, and what to do instead. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

function listenError(error: unknown, options: { host: string; port: number }): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `port ${options.port} on ${options.host}`;
  const next = options.port + 1;
  if (code === 'EADDRINUSE') {
    return new ListenError(
      `${where} is already in use (another aftercare, or another program, is listening there). ` + `Stop it, or pick another port: PORT=${next} npm start (or set PORT in .env).`,
    );
  }
  if (code === 'EACCES') {
    return new ListenError(`not allowed to listen on ${where} (ports below 1024 need extra rights). Pick another port: PORT=3000 npm start (or set PORT in .env).`);
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new ListenError(`cannot listen on ${options.host}: no such address on this machine. Set HOST to one of its addresses, or 0.0.0.0 for all of them.`);
  }
  return error;
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The server's own routes (admin API, order actions, shop webhooks, console), after the channels'. */
function serverRoutes(runtime: Runtime): Router[] {
  return [
    kbAdminRouter(runtime),
    orderActionRouter(runtime, runtime.staffApproval),
    shopWebhookRouter({
      shopifySecret: runtime.config.SHOPIFY_WEBHOOK_SECRET,
      woocommerceSecret: runtime.config.WOOCOMMERCE_WEBHOOK_SECRET,
      logger: runtime.logger,
      onFulfilmentEvent: async (orderId) => runtime.lateNotices?.onFulfilmentEvent(orderId),
    }),
    consoleRouter(runtime),
  ];
}

export interface ServerOptions {
  host: string;
  port: number;
  /** The channels to start; the registry's unless a test adds one of its own. */
  channels?: readonly ChannelAdapter[];
}

export async function startServer(runtime: Runtime, metrics: Metrics, options: ServerOptions): Promise<RunningServer> {
  const app = createApp(runtime, metrics, [...(await startChannels(runtime, options.channels)), ...serverRoutes(runtime)]);
  // Adapters have attached their desks by now.
  await warnWithoutStaffDesk(runtime.handoff, runtime.config, runtime.logger);
  const server = app.listen(options.port, options.host);
  try {
    await once(server, 'listening');
  } catch (error) {
    throw listenError(error, options);
  }
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const url = `http://${host}:${port}`;
  // Once, in plain words: where to click first.
  runtime.logger.info({ url }, startUpMessage(url, startLinks(runtime)));
  // Adapters are registered now, so what a stopped worker left can be finished and delivered.
  runtime.recovery.start(runtime.config.INBOX_RETRY_INTERVAL_MS);
  return {
    url,
    server,
    async close() {
      // Stop sweeping and taking requests, let the ones in flight finish their turns, then close the store.
      await runtime.recovery.stop();
      const closed = once(server, 'close');
      // Long-lived responses (the widget's push streams) end themselves on this.
      app.emit('shutdown');
      server.close();
      server.closeIdleConnections();
      await closed;
    },
  };
}
