import { ServiceProcess, startServiceProcess, testSecrets } from '@diallink/testing';
import { AccountHubFixture, startAccountHub } from '../../testing/account-hub.fixture';

const KEYS = '/v1/account-hub/api-keys';

/** Polls until `check` passes; fails after `ms`. */
async function within(ms: number, check: () => Promise<boolean>): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('revoking an API key reaches another process within a second', () => {
  let hub: AccountHubFixture;
  let other: ServiceProcess;

  beforeAll(async () => {
    hub = await startAccountHub();
    // A second Account Hub process on the same database, with its own cache of credentials.
    other = await startServiceProcess('account-hub', { ...testSecrets(), DATABASE_URL: hub.database.url, LOG_LEVEL: 'info' });
  }, 60_000);

  afterAll(async () => {
    await other?.stop();
    await hub?.close();
  });

  const meThere = (key: string) => fetch(`${other.origin}/v1/account-hub/users/me`, { headers: { 'X-API-KEY': key } });

  it('refuses a disabled key, then a deleted key, in the other process', async () => {
    const owner = await hub.accounts.tenant();
    const { body: key } = await hub.http().post(KEYS).set('X-API-KEY', owner.apiKey).send({ name: 'shared', enabled: true }).expect(201);
    // Used there first, so that the other process has it cached.
    expect((await meThere(key.key)).status).toBe(200);
    expect((await meThere(key.key)).status).toBe(200);

    await hub.http().patch(`${KEYS}/${key.id}`).set('X-API-KEY', owner.apiKey).send({ enabled: false }).expect(200);
    await within(1_000, async () => (await meThere(key.key)).status === 401);

    await hub.http().patch(`${KEYS}/${key.id}`).set('X-API-KEY', owner.apiKey).send({ enabled: true }).expect(200);
    await within(1_000, async () => (await meThere(key.key)).status === 200);
    await hub.http().delete(`${KEYS}/${key.id}`).set('X-API-KEY', owner.apiKey).expect(204);
    await within(1_000, async () => (await meThere(key.key)).status === 401);
  });

  it('never writes a key to the logs', async () => {
    const owner = await hub.accounts.tenant();
    const { body: key } = await hub.http().post(KEYS).set('X-API-KEY', owner.apiKey).send({ name: 'logged?', enabled: true }).expect(201);
    await meThere(key.key);
    await fetch(`${other.origin}/v1/account-hub/users/me`, { headers: { 'X-API-KEY': `${key.key}x` } });
    const created = await fetch(`${other.origin}${KEYS}`, {
      method: 'POST',
      headers: { 'X-API-KEY': key.key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'made there', enabled: true }),
    });
    const made = (await created.json()) as { key: string };
    const logs = other.output();
    expect(logs).toContain('"url":"/v1/account-hub/users/me"');
    for (const secret of [key.key, made.key, ...key.key.split('+'), ...made.key.split('+')]) expect(logs).not.toContain(secret);
  });
});
