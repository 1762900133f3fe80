import { z } from 'zod';

/** Where the store lives: SQLite under the data directory (the default), or a Postgres every replica shares. */
export const storeSettings = {
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// (or postgresql://) URL; leave it unset for SQLite under AFTERCARE_DATA_DIR')
    .optional(),
  /** Connections each process keeps to Postgres. */
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().max(200).default(10),
};

/** The URL carries the database password. */
export const storeSecretKeys = ['DATABASE_URL'] as const;
