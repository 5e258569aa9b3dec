/**
 * Runs once per Jest run: a PostgreSQL server (embedded and throw-away, or TEST_DATABASE_URL's
 * server), a template database provisioned as production is — each service's role and schema,
 * the credential views, the event bus — plus the test kit's tables, and the facts workers need
 * in the environment. Roles are cluster-wide, so this run's carry a prefix of their own and are
 * dropped at the end. Each test suite then clones the template (libs/testing
 * `createTestDatabase`), so suites run in parallel without seeing each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { applyMigrations } from '../db/schema-engine';
import { dropRoles, setUpDatabase } from '../db/provision';
import { TESTKIT_SCHEMA } from '../db/service-schemas';
import { databaseUrl, dropDatabase, ensureDatabase, startEmbeddedPostgres } from '../stack/embedded-postgres';
import {
  TEST_ROLE_PASSWORD,
  TEST_ROLE_PREFIX,
  TEST_SERVER_URL,
  TEST_TEMPLATE_DB,
} from '../../libs/testing/src/test-env';

interface RunState {
  stop?: () => Promise<void>;
  serverUrl: string;
  template: string;
  rolePrefix: string;
  dataDir?: string;
}

declare global {
  var __DIALLINK_TEST_RUN__: RunState | undefined;
}

/** Short deliveries and retries, so that tests of redelivery and dead letters wait seconds, not minutes. */
export const TEST_EVENT_BUS = {
  retryLimit: 2,
  retryDelaySeconds: 1,
  deliveryTimeoutSeconds: 10,
  deadLetterRetentionDays: 1,
};

export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  const run = randomBytes(4).toString('hex');
  const template = `diallink_template_${run}`;
  const rolePrefix = `t${run}_`;
  const rolePassword = randomBytes(18).toString('base64url');
  let state: RunState;
  if (process.env.TEST_DATABASE_URL) {
    state = { serverUrl: process.env.TEST_DATABASE_URL, template, rolePrefix };
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'diallink-test-pg-'));
    // When we run as root, PostgreSQL runs as the `postgres` user and must reach its directory.
    chmodSync(dataDir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), fast: true, persistent: false });
    state = { serverUrl: server.serverUrl, template, rolePrefix, stop: server.stop, dataDir };
  }
  globalThis.__DIALLINK_TEST_RUN__ = state;
  await ensureDatabase(state.serverUrl, template);
  const templateUrl = databaseUrl(state.serverUrl, template);
  await setUpDatabase({ adminUrl: templateUrl, rolePrefix, passwordOf: () => rolePassword, eventBus: TEST_EVENT_BUS });
  const admin = new Client({ connectionString: templateUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA IF NOT EXISTS ${TESTKIT_SCHEMA.schema}`).finally(() => admin.end());
  await applyMigrations(templateUrl, TESTKIT_SCHEMA);
  process.env[TEST_SERVER_URL] = state.serverUrl;
  process.env[TEST_TEMPLATE_DB] = template;
  process.env[TEST_ROLE_PREFIX] = rolePrefix;
  process.env[TEST_ROLE_PASSWORD] = rolePassword;
}

export async function stopTestRun(): Promise<void> {
  const state = globalThis.__DIALLINK_TEST_RUN__;
  if (!state) return;
  await dropDatabase(state.serverUrl, state.template).catch(() => undefined);
  if (!state.stop) await dropRoles(state.serverUrl, state.rolePrefix).catch(() => undefined);
  await state.stop?.();
  if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
  globalThis.__DIALLINK_TEST_RUN__ = undefined;
}
