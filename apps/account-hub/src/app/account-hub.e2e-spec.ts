import { AccountHubFixture, startAccountHub } from '../testing/account-hub.fixture';

const BASE = '/v1/account-hub';

/** Tenant A's objects, and the routes that reach each. */
async function tenantWithObjects(hub: AccountHubFixture) {
  const owner = await hub.accounts.tenant();
  const member = await hub.accounts.user(owner.tenantId, 'member');
  const role = await hub
    .http()
    .post(`${BASE}/roles`)
    .set('X-API-KEY', owner.apiKey)
    .send({ name: 'support', permissions: ['phone-system:contacts:read'] })
    .expect(201);
  const subscriptions = await hub.http().get(`${BASE}/subscriptions`).set('X-API-KEY', owner.apiKey).expect(200);
  return { owner, member, roleId: role.body.id as string, subscriptionId: subscriptions.body.data[0].id as string };
}

describe('Account Hub: permissions and tenant isolation on every route', () => {
  let hub: AccountHubFixture;

  beforeAll(async () => {
    hub = await startAccountHub();
  });
  afterAll(() => hub.close());

  it('lets a viewer’s key read everything and refuses every write with 403', async () => {
    const { owner, member, roleId, subscriptionId } = await tenantWithObjects(hub);
    const viewer = await hub.accounts.user(owner.tenantId, 'viewer');
    const as = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) =>
      hub.http()[method](`${BASE}${path}`).set('X-API-KEY', viewer.apiKey);

    for (const path of [
      '/users',
      `/users/${member.userId}`,
      '/roles',
      `/roles/${roleId}`,
      '/permissions',
      '/tenants/current',
      '/subscriptions',
      '/users/me',
    ]) {
      const response = await as('get', path);
      expect([path, response.status]).toEqual([path, 200]);
    }
    const writes: [string, 'post' | 'put' | 'patch' | 'delete', string, object?][] = [
      [
        'create user',
        'post',
        '/users',
        { email: 'x@example.test', password: 'password1', firstName: 'X', lastName: 'Y' },
      ],
      [
        'replace user',
        'put',
        `/users/${member.userId}`,
        { email: 'x@example.test', firstName: 'X', lastName: 'Y', roles: [] },
      ],
      ['change user', 'patch', `/users/${member.userId}`, { firstName: 'X' }],
      ['delete user', 'delete', `/users/${member.userId}`],
      ['create role', 'post', '/roles', { name: 'r', permissions: [] }],
      ['replace role', 'put', `/roles/${roleId}`, { name: 'r', permissions: [] }],
      ['change role', 'patch', `/roles/${roleId}`, { name: 'r' }],
      ['delete role', 'delete', `/roles/${roleId}`],
      ['change tenant', 'patch', '/tenants/current', { name: 'Mine now' }],
      ['subscribe', 'post', '/subscriptions', { product: 'OBS' }],
      ['unsubscribe', 'delete', `/subscriptions/${subscriptionId}`],
    ];
    for (const [what, method, path, body] of writes) {
      const response = await as(method, path).send(body ?? {});
      expect([what, response.status, response.body.error]).toEqual([what, 403, 'FORBIDDEN']);
    }
  });

  it('answers 404 to tenant B for every id of tenant A, exactly like a missing id', async () => {
    const a = await tenantWithObjects(hub);
    const b = await hub.accounts.tenant();
    const missing = crypto.randomUUID();
    const routes: ['get' | 'put' | 'patch' | 'delete', (id: string) => string, string, object?][] = [
      ['get', (id) => `/users/${id}`, a.member.userId],
      [
        'put',
        (id) => `/users/${id}`,
        a.member.userId,
        { email: 'z@example.test', firstName: 'Z', lastName: 'Z', roles: [] },
      ],
      ['patch', (id) => `/users/${id}`, a.member.userId, { firstName: 'Z' }],
      ['delete', (id) => `/users/${id}`, a.member.userId],
      ['get', (id) => `/roles/${id}`, a.roleId],
      ['put', (id) => `/roles/${id}`, a.roleId, { name: 'z', permissions: [] }],
      ['patch', (id) => `/roles/${id}`, a.roleId, { name: 'z' }],
      ['delete', (id) => `/roles/${id}`, a.roleId],
      ['get', (id) => `/api-keys/${id}`, a.member.apiKeyId],
      ['patch', (id) => `/api-keys/${id}`, a.member.apiKeyId, { enabled: false }],
      ['delete', (id) => `/api-keys/${id}`, a.member.apiKeyId],
      ['delete', (id) => `/subscriptions/${id}`, a.subscriptionId],
    ];
    for (const [method, path, foreignId, body] of routes) {
      const foreign = await hub
        .http()
        [method](`${BASE}${path(foreignId)}`)
        .set('X-API-KEY', b.apiKey)
        .send(body ?? {});
      const absent = await hub
        .http()
        [method](`${BASE}${path(missing)}`)
        .set('X-API-KEY', b.apiKey)
        .send(body ?? {});
      expect([method, path(':id'), foreign.status]).toEqual([method, path(':id'), 404]);
      expect({ ...foreign.body, requestId: '', message: foreign.body.message.replace(foreignId, '') }).toEqual({
        ...absent.body,
        requestId: '',
        message: absent.body.message.replace(missing, ''),
      });
    }
    // Nothing of tenant A changed or disappeared.
    await hub.http().get(`${BASE}/users/${a.member.userId}`).set('X-API-KEY', a.owner.apiKey).expect(200);
    await hub.http().get(`${BASE}/roles/${a.roleId}`).set('X-API-KEY', a.owner.apiKey).expect(200);
    await hub.http().get(`${BASE}/users/me`).set('X-API-KEY', a.member.apiKey).expect(200);
    const lists = await hub.http().get(`${BASE}/users`).set('X-API-KEY', b.apiKey).expect(200);
    expect(lists.body.data.map((u: { id: string }) => u.id)).toEqual([b.userId]);
  });
});

describe('roles, permissions, tenant settings and subscriptions', () => {
  let hub: AccountHubFixture;

  beforeAll(async () => {
    hub = await startAccountHub();
  });
  afterAll(() => hub.close());

  it('lists the built-in roles read-only and the permission catalogue', async () => {
    const owner = await hub.accounts.tenant();
    const roles = await hub.http().get(`${BASE}/roles?sort=name`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(roles.body.data.map((r: { name: string }) => r.name)).toEqual(['admin', 'member', 'owner', 'viewer']);
    const viewer = roles.body.data.find((r: { name: string }) => r.name === 'viewer');
    expect(viewer.builtIn).toBe(true);
    expect(viewer.permissions.every((p: string) => p.endsWith(':read'))).toBe(true);
    await hub
      .http()
      .patch(`${BASE}/roles/${viewer.id}`)
      .set('X-API-KEY', owner.apiKey)
      .send({ name: 'watcher' })
      .expect(409);
    await hub.http().delete(`${BASE}/roles/${viewer.id}`).set('X-API-KEY', owner.apiKey).expect(409);
    const catalogue = await hub.http().get(`${BASE}/permissions`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(catalogue.body.data.map((p: { name: string }) => p.name)).toContain('phone-system:contacts:write');
    expect(catalogue.body.paging).toEqual({
      pageNumber: 1,
      pageSize: catalogue.body.data.length,
      totalNumberOfRecords: catalogue.body.data.length,
      totalNumberOfPages: 1,
      hasNextPage: false,
      hasPreviousPage: false,
      sortingCriteria: null,
      hasMore: false,
    });
  });

  it('makes custom roles from catalogue permissions, and their holders get exactly those', async () => {
    const owner = await hub.accounts.tenant();
    const role = await hub
      .http()
      .post(`${BASE}/roles`)
      .set('X-API-KEY', owner.apiKey)
      .send({ name: 'contacts-editor', permissions: ['phone-system:contacts:write', 'phone-system:contacts:read'] })
      .expect(201);
    expect(role.body).toMatchObject({
      builtIn: false,
      permissions: ['phone-system:contacts:read', 'phone-system:contacts:write'],
    });
    await hub
      .http()
      .post(`${BASE}/roles`)
      .set('X-API-KEY', owner.apiKey)
      .send({ name: 'contacts-editor', permissions: [] })
      .expect(409);
    await hub
      .http()
      .post(`${BASE}/roles`)
      .set('X-API-KEY', owner.apiKey)
      .send({ name: 'Admin', permissions: [] })
      .expect(409);
    const unknown = await hub
      .http()
      .post(`${BASE}/roles`)
      .set('X-API-KEY', owner.apiKey)
      .send({ name: 'x', permissions: ['everything'] })
      .expect(400);
    expect(unknown.body.message).toMatch(/everything/);

    const member = await hub.accounts.user(owner.tenantId, 'viewer');
    await hub
      .http()
      .put(`${BASE}/users/${member.userId}`)
      .set('X-API-KEY', owner.apiKey)
      .send({ email: member.email, firstName: 'E', lastName: 'D', roles: ['contacts-editor'] })
      .expect(200);
    const me = await hub.http().get(`${BASE}/users/me`).set('X-API-KEY', member.apiKey).expect(200);
    expect(me.body.permissions).toEqual(['phone-system:contacts:read', 'phone-system:contacts:write']);
  });

  it('reads and changes the tenant’s name, time zone and locale, validated', async () => {
    const owner = await hub.accounts.tenant({ name: 'Arrow Inc.' });
    const current = await hub.http().get(`${BASE}/tenants/current`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(current.body).toMatchObject({ id: owner.tenantId, name: 'Arrow Inc.', timezone: 'UTC', locale: 'en-US' });
    const changed = await hub
      .http()
      .patch(`${BASE}/tenants/current`)
      .set('X-API-KEY', owner.apiKey)
      .send({ timezone: 'Europe/Berlin', locale: 'de-DE' })
      .expect(200);
    expect(changed.body).toMatchObject({ name: 'Arrow Inc.', timezone: 'Europe/Berlin', locale: 'de-DE' });
    const bad = await hub
      .http()
      .patch(`${BASE}/tenants/current`)
      .set('X-API-KEY', owner.apiKey)
      .send({ timezone: 'Mars/Olympus' })
      .expect(400);
    expect(bad.body.details[0].field).toBe('timezone');
    const admin = await hub.accounts.user(owner.tenantId, 'admin');
    await hub.http().patch(`${BASE}/tenants/current`).set('X-API-KEY', admin.apiKey).send({ name: 'Mine' }).expect(403);
  });

  it('adds and removes subscriptions', async () => {
    const owner = await hub.accounts.tenant({ products: ['PHONE_SYSTEM'] });
    const added = await hub
      .http()
      .post(`${BASE}/subscriptions`)
      .set('X-API-KEY', owner.apiKey)
      .send({ product: 'CALL_QUEUE' })
      .expect(201);
    await hub
      .http()
      .post(`${BASE}/subscriptions`)
      .set('X-API-KEY', owner.apiKey)
      .send({ product: 'CALL_QUEUE' })
      .expect(409);
    await hub
      .http()
      .post(`${BASE}/subscriptions`)
      .set('X-API-KEY', owner.apiKey)
      .send({ product: 'TELEPORT' })
      .expect(400);
    const list = await hub.http().get(`${BASE}/subscriptions`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(list.body.data.map((s: { product: string }) => s.product)).toEqual(['CALL_QUEUE', 'PHONE_SYSTEM']);
    await hub.http().delete(`${BASE}/subscriptions/${added.body.id}`).set('X-API-KEY', owner.apiKey).expect(204);
    const me = await hub.http().get(`${BASE}/users/me`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(me.body.products).toEqual(['PHONE_SYSTEM']);
  });
});

describe('POST /tenants (sign-up)', () => {
  it('creates a tenant whose owner can log in; the email must be new', async () => {
    const hub = await startAccountHub();
    try {
      const body = {
        companyName: 'Brooks & Co',
        email: 'Sophia@Brooks.test',
        password: 'long enough',
        firstName: 'Sophia',
        lastName: 'Brooks',
      };
      const created = await hub.http().post(`${BASE}/tenants`).send(body).expect(201);
      expect(created.body.tenant).toMatchObject({ name: 'Brooks & Co', timezone: 'UTC' });
      expect(created.body.owner).toMatchObject({ email: 'sophia@brooks.test', firstName: 'Sophia' });
      await hub.http().post(`${BASE}/tenants`).send(body).expect(409);
      const short = await hub
        .http()
        .post(`${BASE}/tenants`)
        .send({ ...body, email: 'new@brooks.test', password: 'short' })
        .expect(400);
      expect(short.body.details[0].field).toBe('password');
      const tokens = await hub
        .http()
        .post(`${BASE}/auth/tokens`)
        .send({ email: 'sophia@brooks.test', password: 'long enough' })
        .expect(201);
      const me = await hub
        .http()
        .get(`${BASE}/users/me`)
        .set('Authorization', `Bearer ${tokens.body.accessToken}`)
        .expect(200);
      expect(me.body.roles.map((r: { name: string }) => r.name)).toEqual(['owner']);
      expect(me.body.products).toEqual(['CALL_QUEUE', 'NUMBER_PORTING', 'OBS', 'PHONE_SYSTEM']);
    } finally {
      await hub.close();
    }
  });

  it('is refused with 403 when sign-up is switched off', async () => {
    const hub = await startAccountHub({ SIGNUP_ENABLED: 'false' });
    try {
      const response = await hub
        .http()
        .post(`${BASE}/tenants`)
        .send({ companyName: 'X', email: 'x@x.test', password: 'long enough', firstName: 'X', lastName: 'X' })
        .expect(403);
      expect(response.body.message).toMatch(/closed/);
    } finally {
      await hub.close();
    }
  });
});
