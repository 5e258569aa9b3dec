import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SERVICES, ServiceName } from '@diallink/registry';
import { TEST_ROLE_PASSWORD, TEST_ROLE_PREFIX, TEST_SERVER_URL, TEST_TEMPLATE_DB } from './test-env';

export interface TestDatabase {
  /** An administrator's connection: for arranging data across services and checking what was stored. */
  url: string;
  /** The connection `service` uses: its own role, which reaches its own schema only. */
  serviceUrl(service: ServiceName): string;
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

/** `service`'s connection to the database of `url`: the run's role of that service. */
export function serviceUrlOf(url: string, service: ServiceName): string {
  const prefix = process.env[TEST_ROLE_PREFIX];
  const password = process.env[TEST_ROLE_PASSWORD];
  const schema = SERVICES.find((candidate) => candidate.name === service)?.schema;
  if (prefix === undefined || !password || !schema)
    throw new Error('No test roles: the Jest global setup provisions them.');
  const serviceUrl = new URL(url);
  serviceUrl.username = `${prefix}diallink_${schema}`;
  serviceUrl.password = password;
  return serviceUrl.toString();
}

/**
 * A database of this suite's own, cloned from the migrated template of the run (see the Jest
 * global setup): the services' schemas, roles' rights, event bus and test kit, nobody's rows.
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
    serviceUrl: (service) => serviceUrlOf(url.toString(), service),
    drop: () =>
      admin(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
      ).then(() => undefined),
  };
}
