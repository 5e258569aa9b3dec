/**
 * A database outage under a running service, on a PostgreSQL server of this test's own (the
 * other suites share theirs): 503 with Retry-After while it is down, answered without hanging,
 * no partial write, and recovery without restarting the service.
 */
import { Client } from 'pg';
import { eventually } from '../../libs/testing/src/eventually';
import { OutageRig, startOutageRig } from '../testing/outage-rig';

describe('the database goes away under a running service', () => {
  let rig: OutageRig;

  beforeAll(async () => {
    rig = await startOutageRig();
  }, 120_000);

  afterAll(() => rig?.close());

  it('answers 503 with Retry-After while it is down, writes nothing half, and serves again once it is back', async () => {
    const owner = await rig.accounts.tenant();
    const contacts = () => rig.phone.http().get('/v1/phone-system/contacts').set('X-API-KEY', owner.apiKey);
    await contacts().expect(200);

    await rig.stopDatabase();
    for (const attempt of [
      () => contacts(),
      () =>
        rig.phone.http().post('/v1/phone-system/contacts').set('X-API-KEY', owner.apiKey).send({ firstName: 'Lost' }),
      () => rig.phone.http().get('/v1/phone-system/health'),
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

    await rig.startDatabase();
    await eventually(60_000, async () => (await contacts()).status === 200);
    const names = (await contacts().expect(200)).body.data.map((contact: { firstName: string }) => contact.firstName);
    expect(names).not.toContain('Lost');
    const client = new Client({ connectionString: rig.adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT count(*)::int AS n FROM phone_system.contacts WHERE first_name = 'Lost'",
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
    await rig.phone
      .http()
      .post('/v1/phone-system/contacts')
      .set('X-API-KEY', owner.apiKey)
      .send({ firstName: 'Back' })
      .expect(201);
  }, 180_000);
});
