import { Client } from 'pg';
import { eventually } from '@diallink/testing';
import { AccountHubFixture, startAccountHub } from '../../testing/account-hub.fixture';

const KEYS = '/v1/account-hub/api-keys';
const ME = '/v1/account-hub/users/me';
const FULL_KEY =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\+[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY = 24 * 3600 * 1000;

describe('/api-keys', () => {
  let hub: AccountHubFixture;

  beforeAll(async () => {
    hub = await startAccountHub();
  });
  afterAll(() => hub.close());

  it('creates a key as the reference shows, the full key once, valid 365 days', async () => {
    const owner = await hub.accounts.tenant();
    const created = await hub
      .http()
      .post(KEYS)
      .set('X-API-KEY', owner.apiKey)
      .set('Content-Type', 'application/json')
      .send({ name: 'API key for integration', enabled: true })
      .expect(201);
    expect(Object.keys(created.body).sort()).toEqual(['enabled', 'expiresAt', 'id', 'key', 'name']);
    expect(created.body).toMatchObject({ name: 'API key for integration', enabled: true });
    expect(created.body.key).toMatch(FULL_KEY);
    expect(created.body.expiresAt).toBeGreaterThan(Date.now() + 364 * DAY);
    expect(created.body.expiresAt).toBeLessThanOrEqual(Date.now() + 365 * DAY);
    expect(created.headers.location).toBe(`${KEYS}/${created.body.id}`);

    const me = await hub.http().get(ME).set('X-API-KEY', created.body.key).expect(200);
    expect(me.body.user.id).toBe(owner.userId);
    expect(me.body.authenticatedWith).toBe('api-key');
  });

  it('shows the key masked but for its last four characters on every read', async () => {
    const owner = await hub.accounts.tenant();
    const { body: created } = await hub
      .http()
      .post(KEYS)
      .set('X-API-KEY', owner.apiKey)
      .send({ name: 'masked', enabled: true });
    const masked = `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX+XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXX${created.key.slice(-4)}`;

    const one = await hub.http().get(`${KEYS}/${created.id}`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(one.body).toEqual({
      id: created.id,
      name: 'masked',
      enabled: true,
      key: masked,
      expiresAt: created.expiresAt,
    });

    const list = await hub.http().get(KEYS).set('X-API-KEY', owner.apiKey).expect(200);
    expect(list.body.paging).toMatchObject({
      pageNumber: 1,
      pageSize: 20,
      totalNumberOfRecords: 2,
      hasMore: false,
      sortingCriteria: null,
    });
    expect(list.body.data).toContainEqual(one.body);
    expect(JSON.stringify(list.body)).not.toContain(created.key);
  });

  it('filters by id and name and sorts, as the reference lists', async () => {
    const owner = await hub.accounts.tenant();
    const made = [];
    for (const name of ['alpha integration', 'beta', 'gamma integration']) {
      made.push((await hub.http().post(KEYS).set('X-API-KEY', owner.apiKey).send({ name, enabled: true })).body);
    }
    const byName = await hub
      .http()
      .get(`${KEYS}?name=like::integration&sort=-name`)
      .set('X-API-KEY', owner.apiKey)
      .expect(200);
    expect(byName.body.data.map((k: { name: string }) => k.name)).toEqual(['gamma integration', 'alpha integration']);
    expect(byName.body.paging.sortingCriteria).toBe('-name');
    const byId = await hub.http().get(`${KEYS}?id=${made[1].id}`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(byId.body.data.map((k: { name: string }) => k.name)).toEqual(['beta']);
    const paged = await hub
      .http()
      .get(`${KEYS}?pageSize=2&pageNumber=2&sort=name`)
      .set('X-API-KEY', owner.apiKey)
      .expect(200);
    expect(paged.body.paging).toMatchObject({
      pageNumber: 2,
      pageSize: 2,
      totalNumberOfRecords: 4,
      totalNumberOfPages: 2,
      hasPreviousPage: true,
      hasNextPage: false,
    });
    await hub.http().get(`${KEYS}?secret=x`).set('X-API-KEY', owner.apiKey).expect(400);
  });

  it('refuses a key within a second of it being disabled, and of it being deleted', async () => {
    const owner = await hub.accounts.tenant();
    const { body: key } = await hub
      .http()
      .post(KEYS)
      .set('X-API-KEY', owner.apiKey)
      .send({ name: 'short-lived', enabled: true });
    await hub.http().get(ME).set('X-API-KEY', key.key).expect(200);

    await hub.http().patch(`${KEYS}/${key.id}`).set('X-API-KEY', owner.apiKey).send({ enabled: false }).expect(200);
    expect(
      await eventually(1_000, async () => (await hub.http().get(ME).set('X-API-KEY', key.key)).status === 401),
    ).toBeLessThan(1_000);
    const refused = await hub.http().get(ME).set('X-API-KEY', key.key).expect(401);
    expect(refused.body.message).toBe('The API key is disabled.');

    await hub.http().patch(`${KEYS}/${key.id}`).set('X-API-KEY', owner.apiKey).send({ enabled: true }).expect(200);
    await eventually(1_000, async () => (await hub.http().get(ME).set('X-API-KEY', key.key)).status === 200);
    await hub.http().delete(`${KEYS}/${key.id}`).set('X-API-KEY', owner.apiKey).expect(204);
    await eventually(1_000, async () => (await hub.http().get(ME).set('X-API-KEY', key.key)).status === 401);
    await hub.http().get(`${KEYS}/${key.id}`).set('X-API-KEY', owner.apiKey).expect(404);
  });

  it('refuses an expired key', async () => {
    const owner = await hub.accounts.tenant();
    const { body: key } = await hub
      .http()
      .post(KEYS)
      .set('X-API-KEY', owner.apiKey)
      .send({ name: 'old', enabled: true });
    await hub.prisma.apiKey.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const response = await hub.http().get(ME).set('X-API-KEY', key.key).expect(401);
    expect(response.body.message).toBe('The API key has expired.');
  });

  it('refuses unknown and malformed keys with the error body', async () => {
    const unknown = await hub
      .http()
      .get(ME)
      .set('X-API-KEY', `${crypto.randomUUID()}+${crypto.randomUUID()}`)
      .expect(401);
    expect(unknown.body).toMatchObject({ status: 401, error: 'UNAUTHORIZED', message: 'The API key is not valid.' });
    await hub.http().get(ME).set('X-API-KEY', 'short').expect(401);
    await hub.http().get(ME).set('X-API-KEY', '').expect(401);
  });

  it('never stores the key in plain text', async () => {
    const owner = await hub.accounts.tenant();
    const { body: key } = await hub
      .http()
      .post(KEYS)
      .set('X-API-KEY', owner.apiKey)
      .send({ name: 'secret', enabled: true });
    const client = new Client({ connectionString: hub.database.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT * FROM account_hub.api_keys WHERE id = $1', [key.id]);
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(key.key);
      for (const half of key.key.split('+')) expect(stored).not.toContain(half);
      expect(rows[0].last_four).toBe(key.key.slice(-4));
    } finally {
      await client.end();
    }
  });

  it('lets a viewer manage their own keys but not see anyone else’s; admins see and disable all', async () => {
    const owner = await hub.accounts.tenant();
    const viewer = await hub.accounts.user(owner.tenantId, 'viewer');
    const admin = await hub.accounts.user(owner.tenantId, 'admin');
    const { body: viewersKey } = await hub
      .http()
      .post(KEYS)
      .set('X-API-KEY', viewer.apiKey)
      .send({ name: 'mine', enabled: true })
      .expect(201);
    const ownersKeys = await hub.http().get(KEYS).set('X-API-KEY', owner.apiKey).expect(200);
    expect(ownersKeys.body.data.map((k: { id: string }) => k.id)).toContain(viewersKey.id);
    const viewersList = await hub.http().get(KEYS).set('X-API-KEY', viewer.apiKey).expect(200);
    expect(viewersList.body.data.map((k: { id: string }) => k.id).sort()).toEqual(
      [viewer.apiKeyId, viewersKey.id].sort(),
    );
    await hub.http().get(`${KEYS}/${owner.apiKeyId}`).set('X-API-KEY', viewer.apiKey).expect(404);
    await hub
      .http()
      .patch(`${KEYS}/${owner.apiKeyId}`)
      .set('X-API-KEY', viewer.apiKey)
      .send({ enabled: false })
      .expect(404);
    await hub
      .http()
      .patch(`${KEYS}/${viewersKey.id}`)
      .set('X-API-KEY', admin.apiKey)
      .send({ enabled: false })
      .expect(200);
  });

  it('validates the body: name and enabled are required, nothing else is accepted', async () => {
    const owner = await hub.accounts.tenant();
    const missing = await hub.http().post(KEYS).set('X-API-KEY', owner.apiKey).send({ name: 'x' }).expect(400);
    expect(missing.body.details.map((d: { field: string }) => d.field)).toContain('enabled');
    const extra = await hub
      .http()
      .post(KEYS)
      .set('X-API-KEY', owner.apiKey)
      .send({ name: 'x', enabled: true, key: 'mine' })
      .expect(400);
    expect(extra.body.details).toContainEqual({ field: 'key', message: 'key is not a known field.' });
    await hub.http().post(KEYS).set('X-API-KEY', owner.apiKey).send({ name: 'x', enabled: 'yes' }).expect(400);
  });
});
