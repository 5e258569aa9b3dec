/**
 * A database outage under a running service, on a PostgreSQL server of this test's own (the
 * other suites share theirs): 503 with Retry-After while it is down, answered without hanging,
 * no partial write, and recovery without restarting the service.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { AccountFactory } from '../../libs/testing/src/factories';
import { eventually } from '../../libs/testing/src/eventually';
import { TEST_ROLE_PASSWORD, TEST_ROLE_PREFIX } from '../../libs/testing/src/test-env';
import { PhoneSystemFixture, startPhoneSystem } from '../../apps/phone-system/src/testing/phone-system.fixture';
import { TEST_EVENT_BUS } from '../testing/global-setup';
import { setUpDatabase } from '../db/provision';
import { RunningPostgres, databaseUrl, ensureDatabase, startEmbeddedPostgres } from '../stack/embedded-postgres';

describe('the database goes away under a running service', () => {
  let dir: string;
  let server: RunningPostgres;
  let adminUrl: string;
  let phone: PhoneSystemFixture;
  let accounts: AccountFactory;

  const start = () =>
    startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), fast: true, persistent: true, port: server?.port });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'diallink-outage-'));
    chmodSync(dir, 0o755);
    server = await start();
    await ensureDatabase(server.serverUrl, 'outage');
    adminUrl = databaseUrl(server.serverUrl, 'outage');
    await setUpDatabase({
      adminUrl,
      rolePrefix: process.env[TEST_ROLE_PREFIX],
      passwordOf: () => process.env[TEST_ROLE_PASSWORD] as string,
      eventBus: TEST_EVENT_BUS,
    });
    phone = await startPhoneSystem({ DATABASE_URL: adminUrl, PRINCIPAL_CACHE_MS: '0' });
    accounts = new AccountFactory(adminUrl, async (events) => {
      for (const event of events) await phone.events.consumer?.handle(event);
    });
  }, 120_000);

  afterAll(async () => {
    await accounts?.close();
    await phone?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while it is down, writes nothing half, and serves again once it is back', async () => {
    const owner = await accounts.tenant();
    const contacts = () => phone.http().get('/v1/phone-system/contacts').set('X-API-KEY', owner.apiKey);
    await contacts().expect(200);

    await server.stop();
    for (const attempt of [
      () => contacts(),
      () => phone.http().post('/v1/phone-system/contacts').set('X-API-KEY', owner.apiKey).send({ firstName: 'Lost' }),
      () => phone.http().get('/v1/phone-system/health'),
    ]) {
      const started = Date.now();
      const response = await attempt();
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ status: 503, error: 'SERVICE_UNAVAILABLE' });
      // Not a timing test: only that nothing waits for a database that is not there.
      expect(Date.now() - started).toBeLessThan(20_000);
      if (response.body.message !== 'The database is unreachable.')
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }

    server = await start();
    await eventually(60_000, async () => (await contacts()).status === 200);
    const names = (await contacts().expect(200)).body.data.map((contact: { firstName: string }) => contact.firstName);
    expect(names).not.toContain('Lost');
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT count(*)::int AS n FROM phone_system.contacts WHERE first_name = 'Lost'",
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
    await phone
      .http()
      .post('/v1/phone-system/contacts')
      .set('X-API-KEY', owner.apiKey)
      .send({ firstName: 'Back' })
      .expect(201);
  }, 180_000);
});
