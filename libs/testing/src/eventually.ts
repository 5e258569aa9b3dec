/** Polls `check` every 20 ms until it holds; fails after `ms`. Resolves with how long it took. */
export async function eventually(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - start;
}

/**
 * How many sessions of the current database wait for a lock they have not been granted (e.g. a
 * row another transaction holds), as `waiting`: for a test that waits until its statement blocks
 * (with `eventually`), by the lock rather than by a session's query text, which a connection
 * using the extended protocol may not have updated yet.
 */
export const LOCK_WAITERS_SQL = `SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_stat_activity a USING (pid)
  WHERE a.datname = current_database() AND NOT l.granted`;
