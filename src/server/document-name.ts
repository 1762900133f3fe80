import { z } from 'zod';

/** A document's id as uploaded: a relative path, never escaping the knowledge base. */
export const documentName = z
  .string()
  .min(1)
  .max(300)
  .refine((name) => !name.split('/').some((part) => part === '' || part === '.' || part === '..'), 'must be a relative path without "." or ".." parts');
