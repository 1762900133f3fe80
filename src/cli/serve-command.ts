import { createRuntime } from '../runtime.js';
import { startServer } from '../server/http-server.js';
import { createMetrics } from '../server/metrics.js';
import { commandContext } from './context.js';

export async function serveCommand(): Promise<void> {
  const { config, logger } = commandContext('server');
  const metrics = createMetrics();
  const runtime = await createRuntime(config, logger, { observer: metrics.observer });
  const server = await startServer(runtime, metrics, { host: config.HOST, port: config.PORT }).catch(async (error: unknown) => {
    // Nothing is serving: close the store cleanly before saying why.
    await runtime.close();
    throw error;
  });
  // Adapters are registered now, so a turn answered on retry can be delivered.
  let sweeping: Promise<unknown> = Promise.resolve();
  const retries =
    config.INBOX_RETRY_INTERVAL_MS > 0
      ? setInterval(() => {
          sweeping = sweeping.then(() => runtime.retrier.sweep()).catch((error: unknown) => logger.error({ err: error }, 'retry sweep failed'));
        }, config.INBOX_RETRY_INTERVAL_MS)
      : null;
  retries?.unref();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    if (retries) clearInterval(retries);
    await sweeping;
    await server.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
