/**
 * Runs once per Jest run: a PostgreSQL server (embedded and throw-away, or TEST_DATABASE_URL's
 * server), a template database with every migration applied, and the two facts workers need in
 * the environment. Each test suite then clones the template (libs/testing `createTestDatabase`),
 * so suites run in parallel without seeing each other's rows.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyMigrations } from '../db/schema-engine';
import { databaseUrl, dropDatabase, ensureDatabase, startEmbeddedPostgres } from '../stack/embedded-postgres';
import { TEST_SERVER_URL, TEST_TEMPLATE_DB } from '../../libs/testing/src/test-env';

interface RunState {
  stop?: () => Promise<void>;
  serverUrl: string;
  template: string;
  dataDir?: string;
}

declare global {
  var __DIALLINK_TEST_RUN__: RunState | undefined;
}

export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  const template = `diallink_template_${process.pid}_${Date.now().toString(36)}`;
  let state: RunState;
  if (process.env.TEST_DATABASE_URL) {
    state = { serverUrl: process.env.TEST_DATABASE_URL, template };
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'diallink-test-pg-'));
    // When we run as root, PostgreSQL runs as the `postgres` user and must reach its directory.
    chmodSync(dataDir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), fast: true });
    state = { serverUrl: server.serverUrl, template, stop: server.stop, dataDir };
  }
  await ensureDatabase(state.serverUrl, template);
  await applyMigrations(databaseUrl(state.serverUrl, template));
  globalThis.__DIALLINK_TEST_RUN__ = state;
  process.env[TEST_SERVER_URL] = state.serverUrl;
  process.env[TEST_TEMPLATE_DB] = template;
}

export async function stopTestRun(): Promise<void> {
  const state = globalThis.__DIALLINK_TEST_RUN__;
  if (!state) return;
  await dropDatabase(state.serverUrl, state.template).catch(() => undefined);
  await state.stop?.();
  if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
  globalThis.__DIALLINK_TEST_RUN__ = undefined;
}
