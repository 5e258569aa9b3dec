import { ServiceProcess, eventually, startServiceProcess, testSecrets } from '@diallink/testing';
import { AccountHubFixture, startAccountHub } from '../../testing/account-hub.fixture';

const KEYS = '/v1/account-hub/api-keys';

describe('revoking an API key reaches other processes within a second', () => {
  let hub: AccountHubFixture;
  let other: ServiceProcess;
  let phoneSystem: ServiceProcess;

  beforeAll(async () => {
    hub = await startAccountHub();
    // Separate processes on the same database, each with its own cache of credentials and its
    // own role: a second Account Hub, and the Phone System (which reads the credential views).
    const env = { ...testSecrets(), LOG_LEVEL: 'info' };
    [other, phoneSystem] = await Promise.all([
      startServiceProcess('account-hub', { ...env, DATABASE_URL: hub.database.serviceUrl('account-hub') }),
      startServiceProcess('phone-system', { ...env, DATABASE_URL: hub.database.serviceUrl('phone-system') }),
    ]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([other?.stop(), phoneSystem?.stop()]);
    await hub?.close();
  });

  /**
   * A GET as a careful client sends it: once more on a fresh connection when the kept-alive one
   * was closed by the server just as it was reused (a busy machine runs the client's idle timer late).
   */
  const get = async (url: string, key: string): Promise<Response> => {
    try {
      return await fetch(url, { headers: { 'X-API-KEY': key } });
    } catch {
      return fetch(url, { headers: { 'X-API-KEY': key } });
    }
  };
  const meThere = (key: string) => get(`${other.origin}/v1/account-hub/users/me`, key);
  const usersInPhoneSystem = (key: string) => get(`${phoneSystem.origin}/v1/phone-system/users`, key);
  const acceptedEverywhere = async (key: string) =>
    (await meThere(key)).status === 200 && (await usersInPhoneSystem(key)).status === 200;
  const refusedEverywhere = async (key: string) =>
    (await meThere(key)).status === 401 && (await usersInPhoneSystem(key)).status === 401;

  it('refuses a disabled key, then a deleted key, in the other processes', async () => {
    const owner = await hub.accounts.tenant();
    const { body: key } = await hub
      .http()
      .post(KEYS)
      .set('X-API-KEY', owner.apiKey)
      .send({ name: 'shared', enabled: true })
      .expect(201);
    // Used there first, so that the other processes have it cached.
    expect(await acceptedEverywhere(key.key)).toBe(true);
    expect(await acceptedEverywhere(key.key)).toBe(true);

    await hub.http().patch(`${KEYS}/${key.id}`).set('X-API-KEY', owner.apiKey).send({ enabled: false }).expect(200);
    await eventually(1_000, () => refusedEverywhere(key.key));

    await hub.http().patch(`${KEYS}/${key.id}`).set('X-API-KEY', owner.apiKey).send({ enabled: true }).expect(200);
    await eventually(1_000, () => acceptedEverywhere(key.key));
    await hub.http().delete(`${KEYS}/${key.id}`).set('X-API-KEY', owner.apiKey).expect(204);
    await eventually(1_000, () => refusedEverywhere(key.key));
  });

  it('takes away a permission everywhere within a second when the role changes', async () => {
    const owner = await hub.accounts.tenant();
    const member = await hub.accounts.user(owner.tenantId, 'member');
    expect((await usersInPhoneSystem(member.apiKey)).status).toBe(200);
    await hub
      .http()
      .put(`/v1/account-hub/users/${member.userId}`)
      .set('X-API-KEY', owner.apiKey)
      .send({ email: member.email, firstName: 'M', lastName: 'M', roles: [] })
      .expect(200);
    await eventually(1_000, async () => (await usersInPhoneSystem(member.apiKey)).status === 403);
  });

  it('never writes a key to the logs', async () => {
    const owner = await hub.accounts.tenant();
    const { body: key } = await hub
      .http()
      .post(KEYS)
      .set('X-API-KEY', owner.apiKey)
      .send({ name: 'logged?', enabled: true })
      .expect(201);
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
    for (const secret of [key.key, made.key, ...key.key.split('+'), ...made.key.split('+')])
      expect(logs).not.toContain(secret);
  });
});
