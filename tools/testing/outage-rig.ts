/**
 * The Phone System on a PostgreSQL server of its own, for tests that stop the database under it
 * and start it again (the other suites share one server): provisioned as `npm start` provisions,
 * with an account factory whose events the service applies before the call returns.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AccountFactory } from '../../libs/testing/src/factories';
import { TEST_ROLE_PASSWORD, TEST_ROLE_PREFIX } from '../../libs/testing/src/test-env';
import { PhoneSystemFixture, startPhoneSystem } from '../../apps/phone-system/src/testing/phone-system.fixture';
import { setUpDatabase } from '../db/provision';
import { RunningPostgres, databaseUrl, ensureDatabase, startEmbeddedPostgres } from '../stack/embedded-postgres';
import { TEST_EVENT_BUS } from './global-setup';

export interface OutageRig {
  /** The database's administrator (for checking what was stored). */
  adminUrl: string;
  phone: PhoneSystemFixture;
  accounts: AccountFactory;
  /** Stops the database server (a fast shutdown: connections are ended). */
  stopDatabase(): Promise<void>;
  /** Starts it again: the same data, the same port. */
  startDatabase(): Promise<void>;
  close(): Promise<void>;
}

/** `env` is the Phone System's (over the fixture's defaults). */
export async function startOutageRig(env: Record<string, string> = {}): Promise<OutageRig> {
  const dir = mkdtempSync(path.join(tmpdir(), 'diallink-outage-'));
  // Run as root, the embedded PostgreSQL runs as the postgres user, who must enter the folder.
  chmodSync(dir, 0o755);
  let server: RunningPostgres | undefined;
  const start = async () => {
    server = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'data'),
      fast: true,
      persistent: true,
      port: server?.port,
    });
    return server;
  };
  let phone: PhoneSystemFixture | undefined;
  let accounts: AccountFactory | undefined;
  const close = async () => {
    await accounts?.close();
    await phone?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { serverUrl } = await start();
    await ensureDatabase(serverUrl, 'outage');
    const adminUrl = databaseUrl(serverUrl, 'outage');
    await setUpDatabase({
      adminUrl,
      rolePrefix: process.env[TEST_ROLE_PREFIX],
      passwordOf: () => process.env[TEST_ROLE_PASSWORD] as string,
      eventBus: TEST_EVENT_BUS,
    });
    const service = await startPhoneSystem({ DATABASE_URL: adminUrl, PRINCIPAL_CACHE_MS: '0', ...env });
    phone = service;
    accounts = new AccountFactory(adminUrl, async (events) => {
      for (const event of events) await service.events.consumer?.handle(event);
    });
    return {
      adminUrl,
      phone: service,
      accounts,
      stopDatabase: async () => server?.stop(),
      startDatabase: async () => void (await start()),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
