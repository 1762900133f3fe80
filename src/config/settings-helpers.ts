import { z } from 'zod';

// Environment values arrive as strings; these turn them into typed values with messages that
// name what was expected, so a bad .env line is obvious at start-up. Every settings file
// (core areas in src/config, channels in adapters/<channel>/settings-schema.ts) uses these.

/** `true`/`false`, `1`/`0`, `yes`/`no`: what people actually write in .env files. */
export const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');
export const port = z.coerce.number().int().min(0).max(65535);
export const positiveInt = z.coerce.number().int().positive();
export const unitInterval = z.coerce.number().min(0).max(1);
export const optionalSecret = z.string().min(1).optional();
