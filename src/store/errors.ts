export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(readonly key: string, readonly waitedMs: number) {
    super(`Timed out after ${waitedMs} ms waiting for the lock on ${key}`);
  }
}
