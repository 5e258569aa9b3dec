import { AccountHubFixture, startAccountHub } from '../../testing/account-hub.fixture';

const BASE = '/v1/account-hub';

describe('/users and /users/me', () => {
  let hub: AccountHubFixture;

  beforeAll(async () => {
    hub = await startAccountHub();
  });
  afterAll(() => hub.close());

  it('GET /users/me returns the caller: user, tenant, roles and effective permissions', async () => {
    const viewer = await hub.accounts.tenant({ role: 'viewer', products: ['PHONE_SYSTEM'] });
    const me = await hub.http().get(`${BASE}/users/me`).set('X-API-KEY', viewer.apiKey).expect(200);
    expect(me.body.user).toMatchObject({ id: viewer.userId, email: viewer.email, enabled: true });
    expect(me.body.tenant.id).toBe(viewer.tenantId);
    expect(me.body.roles.map((r: { name: string }) => r.name)).toEqual(['viewer']);
    expect(me.body.permissions).toContain('phone-system:contacts:read');
    expect(me.body.permissions.some((p: string) => p.endsWith(':write'))).toBe(false);
    expect(me.body.products).toEqual(['PHONE_SYSTEM']);
  });

  it('creates a user with a password and roles by name or id, who can then log in', async () => {
    const admin = await hub.accounts.tenant({ role: 'admin' });
    const roles = await hub.http().get(`${BASE}/roles?name=viewer`).set('X-API-KEY', admin.apiKey).expect(200);
    const created = await hub
      .http()
      .post(`${BASE}/users`)
      .set('X-API-KEY', admin.apiKey)
      .send({
        email: 'Jane.Roe@Example.test',
        password: 'jane password',
        firstName: 'Jane',
        lastName: 'Roe',
        roles: ['member', roles.body.data[0].id],
      })
      .expect(201);
    expect(created.body).toMatchObject({
      email: 'jane.roe@example.test',
      firstName: 'Jane',
      lastName: 'Roe',
      jobTitle: null,
      enabled: true,
    });
    expect(created.body.roles.map((r: { name: string }) => r.name)).toEqual(['member', 'viewer']);
    expect(created.body).not.toHaveProperty('password');
    expect(created.body).not.toHaveProperty('passwordHash');
    await hub
      .http()
      .post(`${BASE}/auth/tokens`)
      .send({ email: 'jane.roe@example.test', password: 'jane password' })
      .expect(201);
    const duplicate = await hub
      .http()
      .post(`${BASE}/users`)
      .set('X-API-KEY', admin.apiKey)
      .send({ email: 'jane.roe@example.test', password: 'other password', firstName: 'J', lastName: 'R' })
      .expect(409);
    expect(duplicate.body.error).toBe('CONFLICT');
  });

  it('lists, filters and sorts users', async () => {
    const owner = await hub.accounts.tenant();
    await hub.accounts.user(owner.tenantId, 'member', { firstName: 'Sophia', lastName: 'Brooks' });
    await hub.accounts.user(owner.tenantId, 'viewer', { firstName: 'Liam', lastName: 'Stone' });
    const list = await hub
      .http()
      .get(`${BASE}/users?fullName=like::so&sort=firstName`)
      .set('X-API-KEY', owner.apiKey)
      .expect(200);
    expect(list.body.data.map((u: { firstName: string }) => u.firstName)).toEqual(['Sophia']);
    const viewers = await hub
      .http()
      .get(`${BASE}/users?filter=eq(roles.name,viewer)`)
      .set('X-API-KEY', owner.apiKey)
      .expect(200);
    expect(viewers.body.data.map((u: { lastName: string }) => u.lastName)).toEqual(['Stone']);
    const bad = await hub
      .http()
      .get(`${BASE}/users?filter=eq(passwordHash,x)`)
      .set('X-API-KEY', owner.apiKey)
      .expect(400);
    expect(bad.body.message).toMatch(/passwordHash/);
  });

  it('PUT replaces the user (omitted optional fields cleared), PATCH changes only what is sent', async () => {
    const owner = await hub.accounts.tenant();
    const { body: user } = await hub
      .http()
      .post(`${BASE}/users`)
      .set('X-API-KEY', owner.apiKey)
      .send({
        email: `p-${Date.now()}@example.test`,
        password: 'password 1',
        firstName: 'Pat',
        lastName: 'Doe',
        jobTitle: 'CEO',
        roles: ['member'],
      })
      .expect(201);
    const patched = await hub
      .http()
      .patch(`${BASE}/users/${user.id}`)
      .set('X-API-KEY', owner.apiKey)
      .send({ lastName: 'Smith' })
      .expect(200);
    expect(patched.body).toMatchObject({ firstName: 'Pat', lastName: 'Smith', jobTitle: 'CEO' });
    const replaced = await hub
      .http()
      .put(`${BASE}/users/${user.id}`)
      .set('X-API-KEY', owner.apiKey)
      .send({ email: user.email, firstName: 'Pat', lastName: 'Smith', roles: ['viewer'] })
      .expect(200);
    expect(replaced.body.jobTitle).toBeNull();
    expect(replaced.body.roles.map((r: { name: string }) => r.name)).toEqual(['viewer']);
    const incomplete = await hub
      .http()
      .put(`${BASE}/users/${user.id}`)
      .set('X-API-KEY', owner.apiKey)
      .send({ firstName: 'Pat' })
      .expect(400);
    expect(incomplete.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['email', 'lastName', 'roles']),
    );
  });

  it('keeps one enabled owner and lets nobody grant what they do not hold', async () => {
    const owner = await hub.accounts.tenant();
    const admin = await hub.accounts.user(owner.tenantId, 'admin');
    await hub
      .http()
      .patch(`${BASE}/users/${owner.userId}`)
      .set('X-API-KEY', owner.apiKey)
      .send({ enabled: false })
      .expect(409);
    await hub.http().delete(`${BASE}/users/${owner.userId}`).set('X-API-KEY', owner.apiKey).expect(409);
    await hub
      .http()
      .patch(`${BASE}/users/${owner.userId}`)
      .set('X-API-KEY', owner.apiKey)
      .send({ roles: ['admin'] })
      .expect(409);
    const escalate = await hub
      .http()
      .patch(`${BASE}/users/${admin.userId}`)
      .set('X-API-KEY', admin.apiKey)
      .send({ roles: ['owner'] })
      .expect(403);
    expect(escalate.body.message).toMatch(/owner/);
    await hub
      .http()
      .patch(`${BASE}/users/${owner.userId}`)
      .set('X-API-KEY', admin.apiKey)
      .send({ roles: ['member'] })
      .expect(403);
  });

  it('answers 400 for a malformed id and 404 for a missing one', async () => {
    const owner = await hub.accounts.tenant();
    await hub.http().get(`${BASE}/users/not-a-uuid`).set('X-API-KEY', owner.apiKey).expect(400);
    await hub.http().get(`${BASE}/users/${crypto.randomUUID()}`).set('X-API-KEY', owner.apiKey).expect(404);
  });
});
