import type { Pool, PoolClient } from 'pg';

/** The part of a node-postgres pool client `withConnection` uses. */
export interface CheckedOutClient {
  /** With an error: the connection is closed instead of going back to the pool. */
  release(error?: Error): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * `work` on one connection checked out of `pool`, given back when `work` settles. While it is
 * out, the connection's `error` events are listened to: the server may end it between two
 * statements (a restart, `pg_terminate_backend`), and node-postgres then emits `error` on the
 * client — unheard, that event ends the process. The next statement on it fails instead. A
 * connection that saw such an error, or that `work` discards (a failed `ROLLBACK` leaves it in an
 * unknown state), is closed rather than reused.
 */
export function withConnection<T>(
  pool: Pool,
  work: (client: PoolClient, discard: (error: Error) => void) => Promise<T>,
): Promise<T>;
export function withConnection<C extends CheckedOutClient, T>(
  pool: { connect(): Promise<C> },
  work: (client: C, discard: (error: Error) => void) => Promise<T>,
): Promise<T>;
export async function withConnection<C extends CheckedOutClient, T>(
  pool: { connect(): Promise<C> },
  work: (client: C, discard: (error: Error) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const discard = (error: Error) => {
    broken ??= error;
  };
  client.on('error', discard);
  try {
    return await work(client, discard);
  } finally {
    client.off('error', discard);
    client.release(broken);
  }
}

/** A checked-out client that runs a statement given as `{ text }` (what `withTransaction` sends). */
export interface PgTransactionClient extends CheckedOutClient {
  query(config: { text: string }): Promise<unknown>;
}

/**
 * `work` between `begin` (default `BEGIN`) and `COMMIT` on one connection of `pool`
 * (`withConnection`); `ROLLBACK` when `work` throws, and a connection whose `ROLLBACK` fails is
 * closed rather than reused.
 */
export function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, begin?: string): Promise<T>;
export function withTransaction<C extends PgTransactionClient, T>(
  pool: { connect(): Promise<C> },
  work: (client: C) => Promise<T>,
  begin?: string,
): Promise<T>;
export function withTransaction<C extends PgTransactionClient, T>(
  pool: { connect(): Promise<C> },
  work: (client: C) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  return withConnection(pool, async (client, discard) => {
    await client.query({ text: begin });
    try {
      const result = await work(client);
      await client.query({ text: 'COMMIT' });
      return result;
    } catch (error) {
      await client.query({ text: 'ROLLBACK' }).catch(discard);
      throw error;
    }
  });
}
