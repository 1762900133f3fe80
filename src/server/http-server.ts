import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Runtime } from '../runtime.js';
import { warnWithoutStaffDesk } from '../handoff/start-up-check.js';
import { createApp } from './app.js';
import { channelRoutes } from './channel-routes.js';
import type { Metrics } from './metrics.js';

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startServer(runtime: Runtime, metrics: Metrics, options: { host: string; port: number }): Promise<RunningServer> {
  const app = createApp(runtime, metrics, channelRoutes(runtime));
  // Adapters have attached their desks by now.
  await warnWithoutStaffDesk(runtime.handoff, runtime.config, runtime.logger);
  const server = app.listen(options.port, options.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const url = `http://${host}:${port}`;
  runtime.logger.info({ url }, 'listening');
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
