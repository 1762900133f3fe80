import { pino, type Logger, type DestinationStream } from 'pino';

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

export function createLogger(options: { level: string; destination?: DestinationStream | number }): Logger {
  const destination = options.destination ?? 1;
  return pino(
    { level: options.level, base: { service: 'aftercare' }, redact: { paths: redactPaths, censor: '[redacted]' } },
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: destination === 2 }) : destination,
  );
}
