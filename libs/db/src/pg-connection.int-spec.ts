import { Pool } from 'pg';
import { createTestDatabase, TestDatabase } from '@diallink/testing';
import { withConnection } from './pg-connection';

/**
 * A connection checked out with `withConnection` on a real PostgreSQL: the server ending it while
 * no statement runs does not end the process (node-postgres's unheard `error` event would), and a
 * connection that failed or was discarded never goes back to the pool.
 */
describe('withConnection', () => {
  let database: TestDatabase;
  let pool: Pool;
  let admin: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 2 });
    admin = new Pool({ connectionString: database.url, max: 1 });
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await admin?.end();
    await database?.drop();
  });

  /** Ends the server process of `pid` and waits until its goodbye has reached this process. */
  async function terminate(pid: number): Promise<void> {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    while ((await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it('survives the server ending the connection between two statements, and does not reuse it', async () => {
    let ended = 0;
    await expect(
      withConnection(pool, async (client) => {
        ended = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
        await terminate(ended);
        await client.query('SELECT 1');
      }),
    ).rejects.toThrow();
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(rows[0].pid).not.toBe(ended);
  });

  it('gives a healthy connection back to the pool, and closes a discarded one', async () => {
    const first = await withConnection(
      pool,
      async (client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid,
    );
    const again = await withConnection(pool, async (client, discard) => {
      const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      discard(new Error('state unknown'));
      return pid;
    });
    expect(again).toBe(first);
    const after = await withConnection(
      pool,
      async (client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid,
    );
    expect(after).not.toBe(first);
  });
});
