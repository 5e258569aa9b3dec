import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_SERVER_URL, TEST_TEMPLATE_DB } from './test-env';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(serverUrl: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of this suite's own, cloned from the migrated template of the run (see the Jest
 * global setup): empty tables, every migration applied, nobody else's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env[TEST_SERVER_URL];
  const template = process.env[TEST_TEMPLATE_DB];
  if (!serverUrl || !template) {
    throw new Error('No test database server: add jest.preset.js databaseSetup to this project’s jest.config.js.');
  }
  const name = `diallink_test_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, async (client) => {
    const sql = `CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(template)}`;
    // Two suites cloning at the same instant can briefly see each other on the template (55006).
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.query(sql);
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      admin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
