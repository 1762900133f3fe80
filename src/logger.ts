import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import { pino, type Logger, type DestinationStream } from 'pino';
import type { PrettyOptions } from 'pino-pretty';

// Loaded only for a terminal: servers and pipes never pay for it.
const require = createRequire(import.meta.url);

export type { Logger };

// Field names that may carry secrets or customer text. Message bodies are logged only at
// debug level by the code that owns them; these paths are a second line of defence.
const redactPaths = [
  'token',
  'secret',
  'password',
  'authorization',
  '*.token',
  '*.secret',
  '*.password',
  '*.authorization',
  'headers.authorization',
  'headers["x-slack-signature"]',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** `auto`: readable lines on a terminal, JSON (one object a line) for log collectors and pipes. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * Readable lines for a person at a terminal: time, level, message, then the fields indented.
 * pino-pretty runs in this thread (not as a transport worker), so nothing is lost at exit.
 */
function prettyStream(fd: number): DestinationStream {
  const pretty = require('pino-pretty') as (options: PrettyOptions) => DestinationStream;
  return pretty({
    destination: fd,
    sync: true,
    colorize: isatty(fd),
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service',
    singleLine: false,
  });
}

export function createLogger(options: { level: string; destination?: DestinationStream | number; format?: LogFormat }): Logger {
  const destination = options.destination ?? 1;
  const settings = { level: options.level, base: { service: 'aftercare' }, redact: { paths: redactPaths, censor: '[redacted]' } };
  if (typeof destination !== 'number') return pino(settings, destination);
  const format = options.format ?? 'auto';
  const readable = format === 'pretty' || (format === 'auto' && isatty(destination));
  return pino(settings, readable ? prettyStream(destination) : pino.destination({ fd: destination, sync: destination === 2 }));
}
