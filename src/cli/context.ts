import { ConfigError, loadConfig, readEnvironment } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { createLogger, type Logger } from '../logger.js';
import { TemplateError } from '../llm/templates.js';
import { DatabaseFileError } from '../store/errors.js';

export class CliError extends Error {
  override readonly name = 'CliError';
}

/**
 * Config and logger for a command. Commands that print results on stdout log to stderr,
 * and only warnings unless LOG_LEVEL asks for more, so their output stays parseable.
 */
export function commandContext(mode: 'server' | 'tool'): { config: Config; logger: Logger } {
  const env = readEnvironment();
  const config = loadConfig(env);
  const level = mode === 'tool' && !env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL;
  return { config, logger: createLogger({ level, destination: mode === 'tool' ? 2 : 1 }) };
}

/** Turns start-up failures into one readable message and a non-zero exit. */
export function reportFatal(error: unknown): never {
  if (error instanceof ConfigError || error instanceof TemplateError || error instanceof CliError || error instanceof DatabaseFileError) {
    process.stderr.write(`aftercare: ${error.message}\n`);
  } else {
    process.stderr.write(`aftercare: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  // sysexits: 78 configuration error, 65 data error (an unusable database file).
  process.exit(error instanceof ConfigError ? 78 : error instanceof DatabaseFileError ? 65 : 1);
}
