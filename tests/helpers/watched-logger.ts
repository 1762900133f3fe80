import { createLogger, type Logger } from '../../src/logger.js';

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/**
 * A real pino logger whose lines tests can wait for: "the adapter says it is connected" is
 * an event like any other, so tests wait on it instead of sleeping.
 */
export function watchedLogger(level = 'info'): { logger: Logger; lines: LogLine[]; waitFor(predicate: (line: LogLine) => boolean): Promise<LogLine> } {
  const lines: LogLine[] = [];
  const waiters: Array<{ predicate: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = [];
  const logger = createLogger({
    level,
    destination: {
      write(text: string) {
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        for (const waiter of [...waiters]) {
          if (waiter.predicate(line)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(line);
          }
        }
      },
    },
  });
  return {
    logger,
    lines,
    waitFor(predicate) {
      const seen = lines.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
  };
}
