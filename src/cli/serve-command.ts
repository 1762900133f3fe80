import { createRuntime } from '../runtime.js';
import { startServer } from '../server/http-server.js';
import { createMetrics } from '../server/metrics.js';
import { commandContext } from './context.js';

export async function serveCommand(): Promise<void> {
  const { config, logger } = commandContext('server');
  const metrics = createMetrics();
  const runtime = await createRuntime(config, logger, { observer: metrics.observer });
  const server = await startServer(runtime, metrics, { host: config.HOST, port: config.PORT });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
