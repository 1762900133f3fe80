import { createRuntime } from '../runtime.js';
import { startServer } from '../server/http-server.js';
import { createMetrics } from '../server/metrics.js';
import { commandContext } from './context.js';

export async function serveCommand(): Promise<void> {
  const { config, logger } = commandContext('server');
  const metrics = createMetrics();
  const runtime = await createRuntime(config, logger, { observer: metrics.observer });
  const server = await startServer(runtime, metrics, { host: config.HOST, port: config.PORT });
  // Conversations older than RETENTION_DAYS are deleted or anonymised by a sweep in every process.
  let sweeping: Promise<unknown> = Promise.resolve();
  const retention =
    config.RETENTION_DAYS > 0
      ? setInterval(() => {
          sweeping = sweeping
            .then(() => runtime.customerData.sweep({ days: config.RETENTION_DAYS, mode: config.RETENTION_MODE }))
            .catch((error: unknown) => logger.error({ err: error }, 'retention sweep failed'));
        }, config.RETENTION_SWEEP_MINUTES * 60_000)
      : null;
  retention?.unref();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    if (retention) clearInterval(retention);
    await sweeping;
    await server.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
