/**
 * The battery that keeps the security and robustness fixes closed (issue 8). Its routes come from
 * the services themselves (router metadata, permission decorators, OpenAPI documents), so a new
 * route is swept the day it lands, or fails the battery until it is listed below with a reason.
 * Quick by default; BATTERY_LONG=1 (npm run test:battery:long) for larger runs.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { captureTestLogs } from '@diallink/testing';
import { bodyText, idText, queryText } from './src/fuzz';
import { Route, collectionOf, jsonBodySchema, pathParameters, routeName } from './src/routes';
import { BatteryRun, SIZE } from './src/run';
import { SEEDS, randomId } from './src/seeds';
import { Caller, Credential, ROLES, ServiceUnderTest, permissionsOf, startServices } from './src/services';
import { describeFaults } from './src/faults';
import { describeProcessFaults } from './src/process-faults';

/**
 * Routes open to every authenticated user of the tenant by design, with the reason: the
 * function-level sweep has nothing to refuse on them. Any other route without a permission fails.
 */
const OPEN_TO_EVERY_USER: Record<string, string> = {
  'GET /v1/account-hub/users/me': 'The caller’s own user, tenant and permissions.',
  'GET /v1/account-hub/permissions': 'The permission catalogue is the same for everyone and names no tenant data.',
  'GET /v1/account-hub/api-keys':
    'A user’s own keys (API.md §2); others’ only with api-keys:write, checked by the service.',
  'POST /v1/account-hub/api-keys': 'A user creates keys for themselves only, with their own permissions.',
  'GET /v1/account-hub/api-keys/{id}':
    'Own keys; others’ are a 404 without api-keys:write (swept by the tenancy sweep).',
  'PATCH /v1/account-hub/api-keys/{id}': 'Own keys; others’ need api-keys:write and the privilege rule (swept below).',
  'DELETE /v1/account-hub/api-keys/{id}':
    'Own keys; others’ need api-keys:write (containment stays open to key admins).',
};

/** Public routes (no credentials by design), with the reason; body fuzzing still covers them. */
const PUBLIC: Record<string, string> = {
  'POST /v1/account-hub/tenants': 'Sign-up: creates a tenant, limited per client address.',
  'POST /v1/account-hub/auth/tokens': 'Login and refresh: trades credentials for tokens, limited per client address.',
  'DELETE /v1/account-hub/auth/tokens': 'Logout: needs the refresh token it revokes, nothing else.',
};
const isHealth = (route: Route) => route.path.endsWith('/health');

/**
 * The user-changing routes beyond `/users/{id}` (whose writes are found by path): each with the body
 * that would give a user access — the privilege rule of defect 1 must refuse it for a target who
 * holds more than the actor.
 */
const USER_CHANGING_KEY_ROUTES = ['PATCH /v1/account-hub/api-keys/{id}'];

const expectErrorBody = (response: { status: number; body: Record<string, unknown> }, request: string) => {
  const body = response.body;
  if (
    typeof body !== 'object' ||
    body === null ||
    body.status !== response.status ||
    typeof body.error !== 'string' ||
    typeof body.message !== 'string' ||
    !Array.isArray(body.details)
  ) {
    throw new Error(`${request}: ${response.status} without the error body: ${JSON.stringify(body).slice(0, 300)}`);
  }
};

const diff = (before: Map<string, string>, after: Map<string, string>) =>
  [...after].filter(([table, digest]) => before.get(table) !== digest).map(([table]) => table);

describe('the battery', () => {
  const run = new BatteryRun();
  let services: ServiceUnderTest[] = [];
  /** Per service and collection: tenant A's own record, tenant B's record, a deleted one of A. */
  const ids = new Map<string, { own: string; foreign: string; deleted: string }>();

  beforeAll(async () => {
    captureTestLogs(run.logSink);
    services = await startServices(run);
  }, 600_000);

  afterAll(async () => {
    for (const service of services) await service.close();
    if (process.env.BATTERY_LOG_FILE) run.writeLogs(process.env.BATTERY_LOG_FILE);
    process.stdout.write(`\n${run.summary()}\n`);
  }, 120_000);

  const owner = (service: ServiceUnderTest, tenant = 0) => service.tenants[tenant].callers.owner;
  const authenticated = (service: ServiceUnderTest) =>
    service.routes.filter((route) => route.access.kind === 'authenticated' && !isHealth(route));

  it('finds the routes of every service, and each is swept or listed with a reason', () => {
    const unexplained: string[] = [];
    for (const service of services) {
      for (const route of service.routes) {
        const name = routeName(route);
        if (route.access.kind === 'public' && !PUBLIC[name] && !isHealth(route)) unexplained.push(`${name} (public)`);
        if (route.access.kind === 'authenticated' && !route.access.permissions.length && !OPEN_TO_EVERY_USER[name])
          unexplained.push(`${name} (no permission)`);
        if (route.access.kind === 'internal') unexplained.push(`${name} (internal: add a sweep with service tokens)`);
      }
    }
    const routes = services.flatMap((service) => service.routes.map(routeName));
    const stale = [...Object.keys(OPEN_TO_EVERY_USER), ...Object.keys(PUBLIC), ...USER_CHANGING_KEY_ROUTES].filter(
      (name) => !routes.includes(name),
    );
    expect({ unexplained, stale }).toEqual({ unexplained: [], stale: [] });
    expect(routes.length).toBeGreaterThan(10);
  });

  it('seeds a record of every collection with id routes in both tenants, and one deleted', async () => {
    const missing: string[] = [];
    for (const service of services) {
      const collections = new Set(
        authenticated(service)
          .filter((r) => pathParameters(r.path).length)
          .map((r) => collectionOf(r.path)),
      );
      for (const collection of collections) {
        const relative = collection.slice(service.prefix.length);
        const seed = SEEDS[service.name]?.[relative];
        if (!seed) {
          missing.push(`${service.name} ${relative}`);
          continue;
        }
        const own = await seed.create(service, owner(service, 0));
        const foreign = await seed.create(service, owner(service, 1));
        const deleted = await seed.create(service, owner(service, 0));
        const remove = service.routes.find((r) => r.method === 'DELETE' && r.path === `${collection}/{id}`);
        if (remove) {
          const response = await service.send(
            { method: 'DELETE', path: `${collection}/${deleted}` },
            { caller: owner(service) },
          );
          expect(response.status).toBe(204);
        } else if (seed.remove) await seed.remove(service, owner(service), deleted);
        else throw new Error(`${service.name} ${relative}: no way to delete a record (add remove to its seed)`);
        ids.set(collection, { own, foreign, deleted });
      }
    }
    expect(missing).toEqual([]);
  }, 300_000);

  const bodyFor = (service: ServiceUnderTest, route: Route, caller: Caller) => {
    const relative = collectionOf(route.path).slice(service.prefix.length);
    const make = SEEDS[service.name]?.[relative]?.bodies[route.method as 'PUT'];
    return make ? make(service, caller) : route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
  };

  /** A valid JSON body, or for a streamed route a few bytes of the first media type it takes. */
  const payloadFor = (service: ServiceUnderTest, route: Route, caller: Caller) => {
    const types = Object.keys(route.operation?.requestBody?.content ?? {});
    if (types.length && !types.includes('application/json'))
      return { rawBody: Buffer.from('battery'), contentType: types[0] };
    return { body: bodyFor(service, route, caller) };
  };

  it('tenancy: another tenant’s ids, deleted ids and random UUIDs answer the same 404 on every id route, and nothing changes', async () => {
    const failures: string[] = [];
    for (const service of services) {
      const idRoutes = authenticated(service).filter((route) => pathParameters(route.path).length);
      const before = await service.snapshot();
      for (const route of idRoutes) {
        const known = ids.get(collectionOf(route.path));
        if (!known) throw new Error(`no ids for ${routeName(route)}`);
        const answers: string[] = [];
        for (const [kind, id] of [
          ['foreign', known.foreign],
          ['deleted', known.deleted],
          ['random', randomId()],
        ]) {
          const path = route.path.replace(/\{\w+\}/, id);
          for (const credential of ['key', 'token'] as Credential[]) {
            const response = await service.send(
              { method: route.method, path },
              { caller: owner(service), credential, body: bodyFor(service, route, owner(service)) },
            );
            if (response.status !== 404)
              failures.push(`${routeName(route)} ${kind} by ${credential}: ${response.status}`);
            else expectErrorBody(response, `${routeName(route)} ${kind}`);
            answers.push(JSON.stringify({ ...response.body, requestId: undefined }).replaceAll(id, '{id}'));
          }
        }
        if (new Set(answers).size !== 1)
          failures.push(`${routeName(route)}: the 404s differ: ${[...new Set(answers)].join(' / ')}`);
        run.routesSwept.add(routeName(route));
      }
      const changed = diff(before, await service.snapshot());
      if (changed.length) failures.push(`${service.name}: tables changed: ${changed.join(', ')}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('function level: every role, by key and by token, gets 403 on every route whose permission it lacks, and nothing changes', async () => {
    const failures: string[] = [];
    for (const service of services) {
      const before = await service.snapshot();
      for (const route of authenticated(service)) {
        if (route.access.kind !== 'authenticated' || !route.access.permissions.length) continue;
        const needed = route.access.permissions;
        for (const role of ROLES) {
          const held = permissionsOf(role) as readonly string[];
          if (needed.every((permission) => held.includes(permission))) continue;
          const caller = service.tenants[0].callers[role];
          const known = ids.get(collectionOf(route.path));
          const path = known ? route.path.replace(/\{\w+\}/, known.own) : route.path;
          for (const credential of ['key', 'token'] as Credential[]) {
            const response = await service.send(
              { method: route.method, path },
              { caller, credential, ...payloadFor(service, route, caller) },
            );
            if (response.status !== 403)
              failures.push(`${routeName(route)} as ${role} by ${credential}: ${response.status}`);
            else expectErrorBody(response, routeName(route));
          }
          run.routesSwept.add(routeName(route));
        }
      }
      const changed = diff(before, await service.snapshot());
      if (changed.length) failures.push(`${service.name}: tables changed: ${changed.join(', ')}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('privilege rule: nobody with users:write changes a user who holds more, on every user-changing route', async () => {
    const hub = services.find((service) => service.name === 'account-hub');
    if (!hub) return;
    const failures: string[] = [];
    const target = owner(hub, 0);
    const userRoutes = authenticated(hub).filter(
      (route) => route.method !== 'GET' && route.path === `${hub.prefix}/users/{id}`,
    );
    const keyRoutes = hub.routes.filter((route) => USER_CHANGING_KEY_ROUTES.includes(routeName(route)));
    // The owner's key, disabled by the owner: enabling it again is the owner's business only.
    const [ownerKey] = await hub.query<{ id: string }>('SELECT id FROM account_hub.api_keys WHERE user_id = $1', [
      target.userId,
    ]);
    const spare = await hub.fixture.accounts.apiKey(target.userId);
    hub.run.secret('owner spare key', spare);
    const [disabled] = await hub.query<{ id: string }>(
      'UPDATE account_hub.api_keys SET enabled = false WHERE user_id = $1 AND id <> $2 RETURNING id',
      [target.userId, ownerKey.id],
    );
    const attempts: { route: Route; path: string; body: unknown }[] = [
      ...userRoutes.map((route) => ({
        route,
        path: route.path.replace('{id}', target.userId),
        body: bodyFor(hub, route, target) && {
          ...(bodyFor(hub, route, target) as object),
          ...(route.method === 'PATCH' ? { password: 'taken-over-123', email: 'taken@example.test' } : {}),
        },
      })),
      ...keyRoutes.map((route) => ({ route, path: route.path.replace('{id}', disabled.id), body: { enabled: true } })),
      {
        route: hub.routes.find((route) => routeName(route) === `POST ${hub.prefix}/users`) as Route,
        path: `${hub.prefix}/users`,
        body: {
          email: 'new-owner@example.test',
          password: 'a-new-owner-1',
          firstName: 'N',
          lastName: 'O',
          roles: ['owner'],
        },
      },
    ];
    const before = await hub.snapshot();
    for (const actor of ['admin', 'battery-custom'] as const) {
      for (const { route, path, body } of attempts) {
        for (const credential of ['key', 'token'] as Credential[]) {
          const response = await hub.send(
            { method: route.method, path },
            { caller: hub.tenants[0].callers[actor], credential, body },
          );
          if (response.status !== 403)
            failures.push(
              `${routeName(route)} as ${actor} by ${credential}: ${response.status} ${response.text.slice(0, 120)}`,
            );
          else expectErrorBody(response, routeName(route));
        }
        run.routesSwept.add(routeName(route));
      }
    }
    const changed = diff(before, await hub.snapshot());
    if (changed.length) failures.push(`tables changed: ${changed.join(', ')}`);
    expect(failures).toEqual([]);
  }, 300_000);

  it('body fuzzing: no write route answers ≥ 500, and every refusal is the error body', async () => {
    const failures: string[] = [];
    for (const service of services) {
      for (const route of service.routes) {
        const schema = jsonBodySchema(service.document, route);
        if (!schema) continue;
        const known = ids.get(collectionOf(route.path));
        const path = known ? route.path.replace(/\{\w+\}/, known.own) : route.path;
        await fc.assert(
          fc.asyncProperty(bodyText(service.document, schema), async (text) => {
            const response = await service.send(
              { method: route.method, path },
              { caller: owner(service), rawBody: text },
            );
            if (response.status >= 500) failures.push(`${routeName(route)} ${text.slice(0, 200)}: ${response.status}`);
            if (response.status >= 400) expectErrorBody(response, `${routeName(route)} ${text.slice(0, 200)}`);
          }),
          { numRuns: SIZE.fuzzRuns },
        );
        run.routesSwept.add(routeName(route));
      }
    }
    expect(failures).toEqual([]);
  }, 900_000);

  it('query fuzzing: no list route answers ≥ 500, and every refusal is the error body', async () => {
    const failures: string[] = [];
    for (const service of services) {
      const lists = service.routes.filter(
        (route) => route.method === 'GET' && route.operation?.parameters?.some((parameter) => parameter.in === 'query'),
      );
      for (const route of lists) {
        const names = (route.operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const caller = route.access.kind === 'public' ? undefined : owner(service);
        await fc.assert(
          fc.asyncProperty(queryText(names), async (query) => {
            const response = await service.send({ method: 'GET', path: route.path }, { caller, query });
            if (response.status >= 500) failures.push(`${routeName(route)}?${query.slice(0, 200)}: ${response.status}`);
            if (response.status >= 400) expectErrorBody(response, `${routeName(route)}?${query.slice(0, 200)}`);
          }),
          { numRuns: SIZE.fuzzRuns * 2 },
        );
        run.routesSwept.add(routeName(route));
      }
    }
    expect(failures).toEqual([]);
  }, 900_000);

  it('path fuzzing: malformed, huge and hostile ids on every id route answer 400 or 404 with the error body', async () => {
    const failures: string[] = [];
    for (const service of services) {
      for (const route of authenticated(service).filter((r) => pathParameters(r.path).length)) {
        await fc.assert(
          fc.asyncProperty(idText(), async (id) => {
            const path = route.path.replace(/\{\w+\}/, id);
            // An "id" that spells another route (`/users/me`) is that route, not a hostile id.
            if (service.routes.some((other) => other.method === route.method && other.path === path)) return;
            const response = await service.send(
              { method: route.method, path },
              { caller: owner(service), ...payloadFor(service, route, owner(service)) },
            );
            if (![400, 404, 414].includes(response.status))
              failures.push(`${route.method} ${path.slice(0, 200)}: ${response.status}`);
            else expectErrorBody(response, `${route.method} ${path.slice(0, 200)}`);
          }),
          { numRuns: Math.ceil(SIZE.fuzzRuns / 2) },
        );
        run.routesSwept.add(routeName(route));
      }
    }
    expect(failures).toEqual([]);
  }, 900_000);

  it('credentials through the API: sign-up, login, refresh, a new key, credentials in a query string, logout', async () => {
    const hub = services.find((service) => service.name === 'account-hub');
    if (!hub) return;
    const api = (path: string) => ({ method: 'POST' as const, path: `${hub.prefix}${path}` });
    const email = `battery-${Date.now()}@example.test`;
    const password = run.secret('sign-up password', `Pw-${randomBytes(12).toString('base64url')}`);
    const signUp = await hub.send(api('/tenants'), {
      body: { companyName: 'Battery Inc.', email, password, firstName: 'Bat', lastName: 'Tery' },
    });
    expect(signUp.status).toBe(201);
    const login = await hub.send(api('/auth/tokens'), { body: { email, password } });
    expect(login.status).toBe(201);
    const accessToken = run.secret('login access token', login.body.accessToken as string);
    const refreshToken = run.secret('login refresh token', login.body.refreshToken as string);
    const refreshed = await hub.send(api('/auth/tokens'), { body: { refreshToken } });
    expect(refreshed.status).toBe(201);
    run.secret('refreshed access token', refreshed.body.accessToken as string);
    const newRefresh = run.secret('refreshed refresh token', refreshed.body.refreshToken as string);
    const me = await hub.fixture.http().get(`${hub.prefix}/users/me`).set('Authorization', `Bearer ${accessToken}`);
    run.count('GET /users/me', me);
    expect(me.status).toBe(200);
    const key = await hub.fixture
      .http()
      .post(`${hub.prefix}/api-keys`)
      .set('Authorization', `Bearer ${accessToken}`)
      .send({ name: 'battery', enabled: true });
    run.count('POST /api-keys', key);
    expect(key.status).toBe(201);
    const apiKey = run.secret('API key from the API', key.body.key as string);
    // Credentials where they do not belong: in the query string, which request logs carry.
    const query = `apiKey=${encodeURIComponent(apiKey)}&access_token=${encodeURIComponent(accessToken)}&password=${encodeURIComponent(password)}&refreshToken=${encodeURIComponent(newRefresh)}`;
    const misplaced = await hub.send({ method: 'GET', path: `${hub.prefix}/users/me` }, { query });
    expect(misplaced.status).toBe(401);
    const wrongPassword = await hub.send(api('/auth/tokens'), { body: { email, password: `${password}x` } });
    expect(wrongPassword.status).toBe(401);
    const logout = await hub.send(
      { method: 'DELETE', path: `${hub.prefix}/auth/tokens` },
      { body: { refreshToken: newRefresh } },
    );
    expect(logout.status).toBe(204);
  });

  describeFaults(run);
  describeProcessFaults(run);

  describe('at the end', () => {
    it('logs: none of the passwords, keys, tokens or hashes the battery minted, raw or encoded', async () => {
      const hub = services.find((service) => service.name === 'account-hub');
      if (hub) {
        const hashes = await hub.query<{ hash: string }>(
          "SELECT password_hash AS hash FROM account_hub.users WHERE password_hash <> '!' UNION ALL SELECT key_hash FROM account_hub.api_keys",
        );
        for (const { hash } of hashes) run.secret('stored hash', hash);
      }
      expect(run.secretCount).toBeGreaterThan(20);
      expect(run.logLines).toBeGreaterThan(100);
      expect(run.scanLogs()).toEqual([]);
    });

    it('sums up: 0 responses ≥ 500, 0 leaks', () => {
      expect(run.serverErrors).toEqual([]);
      expect(run.leaks).toEqual([]);
    });
  });
});
