import { createHash, timingSafeEqual } from 'node:crypto';

export const secretDigest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of a presented secret with the expected one (as SHA-256 digests, so length does not leak either). */
export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(secretDigest(presented), secretDigest(expected));
}
