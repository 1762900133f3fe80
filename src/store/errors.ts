export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(
    readonly key: string,
    readonly waitedMs: number,
  ) {
    super(`Timed out after ${waitedMs} ms waiting for the lock on ${key}`);
  }
}

/**
 * The database file cannot be used as it is (empty, not SQLite, or damaged). Start-up stops
 * rather than creating a new database over it: history, sessions and secrets live there.
 */
export class DatabaseFileError extends Error {
  override readonly name = 'DatabaseFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(
      `${file} ${problem}. aftercare will not start on it, nor replace it with an empty database. ` +
        `To restore it: stop every aftercare process using this data directory, copy your latest backup of aftercare.sqlite over ${file}, ` +
        `delete ${file}-wal and ${file}-shm if they are there (they belong to the damaged file), and start again. ` +
        `Only to start afresh on purpose (losing conversations, sessions and the widget secret), move ${file} away first.`,
    );
  }
}
