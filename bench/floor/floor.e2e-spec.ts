/**
 * The floor is only a fair yardstick if it answers what the stack answers: the bench's requests
 * (every workload's GETs, plus refusals) get the same status and JSON from both, on the bench's
 * own seed at a small size; what one writes the other reads back exactly; and a change made
 * through either process is what the next read shows — no stale answer from a cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, ServiceProcess, startServiceProcess, TestDatabase, testSecrets } from '@diallink/testing';
import { benchId, Fixtures, seed } from '../src/seed';
import { accessToken } from '../src/token';
import { workloads } from '../src/workloads';
import { Floor, startFloor } from './floor';

interface Answer {
  status: number;
  body: unknown;
}

async function call(
  origin: string,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(`${origin}${url}`, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = (await response.json()) as Record<string, unknown>;
  // An error's requestId is per request by design; everything else must match.
  if (response.status >= 400) delete parsed.requestId;
  return { status: response.status, body: parsed };
}

describe('the floor answers as the stack does', () => {
  let database: TestDatabase;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'diallink-bench-'));
  let hub: ServiceProcess;
  let phone: ServiceProcess;
  let floor: Floor;
  let fixtures: Fixtures;
  let key: Record<string, string>;
  let bearer: Record<string, string>;

  /** The origin serving `url` on the stack's side: each service is its own process. */
  const stackOf = (url: string) => (url.startsWith('/v1/account-hub') ? hub.origin : phone.origin);
  const both = async (method: string, url: string, headers: Record<string, string>, body?: unknown) => ({
    stack: await call(stackOf(url), method, url, headers, body),
    floor: await call(floor.origin, method, url, headers, body),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    const secrets = testSecrets();
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      fixtures = await seed(admin, { bigContacts: 400, smallTenants: 2, smallContacts: 30 }, secrets.API_KEY_PEPPER);
    } finally {
      await admin.end();
    }
    const common = { ...secrets, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000' };
    [hub, phone] = await Promise.all([
      startServiceProcess('account-hub', { ...common, DATABASE_URL: database.serviceUrl('account-hub') }),
      startServiceProcess('phone-system', {
        ...common,
        DATABASE_URL: database.serviceUrl('phone-system'),
        DIALLINK_DATA_DIR: dataDir,
      }),
    ]);
    floor = await startFloor({
      phoneSystemUrl: database.serviceUrl('phone-system'),
      accountHubUrl: database.serviceUrl('account-hub'),
      apiKeyPepper: secrets.API_KEY_PEPPER,
      jwtPublicKey: secrets.JWT_PUBLIC_KEY,
      poolMax: 4,
      principalCacheMs: 30_000,
    });
    key = { 'X-API-KEY': fixtures.big.owner.apiKey };
    bearer = {
      Authorization: `Bearer ${accessToken(secrets.JWT_PRIVATE_KEY, fixtures.big.owner.id, fixtures.big.id)}`,
    };
  }, 240_000);

  afterAll(async () => {
    await floor?.close();
    await Promise.all([hub?.stop(), phone?.stop()]);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every GET the bench sends with the same status and JSON', async () => {
    const gets = workloads(fixtures, 808).flatMap((workload) => {
      const headers =
        workload.auth === 'bearer'
          ? bearer
          : workload.auth === 'key'
            ? workload.tenant === 'small'
              ? { 'X-API-KEY': fixtures.small.owner.apiKey }
              : key
            : {};
      return workload.requests
        .slice(0, 3)
        .filter((r) => r.method === 'GET')
        .map((r) => ({ url: r.path, headers }));
    });
    expect(gets.length).toBeGreaterThan(15);
    for (const { url, headers } of gets) {
      const { stack, floor: answer } = await both('GET', url, headers);
      expect({ url, ...answer }).toEqual({ url, ...stack });
      expect(stack.status).toBe(200);
    }
  });

  it('answers lists with more rows than a page, exact counts, filters and past-the-end pages alike', async () => {
    for (const query of [
      'pageSize=7&pageNumber=3&sort=-updatedAt',
      'pageNumber=99&sort=-updatedAt',
      'count=exact&sort=-updatedAt',
      'sort=lastName,-firstName&pageSize=5',
      'fullName=like::Sophia%201&pageSize=50',
      'fullName=eq::sophia1&pageSize=50',
      'filter=OR(eq(type,lead),and(gte(updatedAt,2025-06-01),lt(updatedAt,2025-07-01)))&sort=updatedAt',
      'phoneNumbers.phoneNumber=like::%2B1617&pageSize=3',
    ]) {
      const url = `/v1/phone-system/contacts?${query}`;
      const { stack, floor: answer } = await both('GET', url, key);
      expect({ url, ...answer }).toEqual({ url, ...stack });
      expect(stack.status).toBe(200);
    }
  });

  it('refuses alike: another tenant’s or user’s contact, a bad key, a malformed id', async () => {
    const privateOfMember = benchId('contact', 10); // n % 5 = 0 and not shared: the member's own
    const otherTenant = benchId('contact', 400); // the first small tenant's
    for (const [url, headers] of [
      [`/v1/phone-system/contacts/${privateOfMember}`, key],
      [`/v1/phone-system/contacts/${otherTenant}`, key],
      ['/v1/phone-system/contacts/not-a-uuid', key],
      ['/v1/phone-system/contacts', { 'X-API-KEY': `${benchId('keyLeft', 999)}+${benchId('keyRight', 999)}` }],
      ['/v1/account-hub/users/me', {}],
    ] as const) {
      const { stack, floor: answer } = await both('GET', url, headers);
      expect({ url, status: answer.status }).toEqual({ url, status: stack.status });
      expect(stack.status).toBeGreaterThanOrEqual(400);
    }
    const member = await both('GET', `/v1/phone-system/contacts/${privateOfMember}`, {
      'X-API-KEY': fixtures.big.member.apiKey,
    });
    expect(member.floor).toEqual(member.stack);
    expect(member.stack.status).toBe(200);
  });

  it('reads back exactly what the other one created', async () => {
    const body = (area: number) => ({
      firstName: 'Nova',
      lastName: `Writer${area}`,
      shared: true,
      phoneNumbers: [{ type: 'MOBILE', phoneNumber: `+1${area}5550123` }],
      emails: [{ type: 'WORK', email: `Nova${area}@Example.com` }],
    });
    const byStack = await call(phone.origin, 'POST', '/v1/phone-system/contacts', key, body(808));
    const byFloor = await call(floor.origin, 'POST', '/v1/phone-system/contacts', key, body(907));
    expect([byStack.status, byFloor.status]).toEqual([201, 201]);
    const id = (answer: Answer) => (answer.body as { id: string }).id;
    expect(await call(floor.origin, 'GET', `/v1/phone-system/contacts/${id(byStack)}`, key)).toEqual({
      status: 200,
      body: byStack.body,
    });
    expect(await call(phone.origin, 'GET', `/v1/phone-system/contacts/${id(byFloor)}`, key)).toEqual({
      status: 200,
      body: byFloor.body,
    });
    // The same number again is refused by both: each sees the other's writes under the same rule.
    const again = await both('POST', '/v1/phone-system/contacts', key, body(907));
    expect([again.stack.status, again.floor.status]).toEqual([409, 409]);
  });

  it('never answers a GET with what a PATCH through either process has changed', async () => {
    const url = `/v1/phone-system/contacts/${fixtures.patchIds[0]}`;
    // Read twice through both first, so that any cache would hold the old contact.
    for (let i = 0; i < 2; i++) await both('GET', url, key);
    const viaFloor = await call(floor.origin, 'PATCH', url, key, { city: 'Floorville', favorite: true });
    expect(viaFloor.status).toBe(200);
    expect(await call(phone.origin, 'GET', url, key)).toEqual(viaFloor);
    const viaStack = await call(phone.origin, 'PATCH', url, key, { city: 'Stackton' });
    expect(viaStack.body).toMatchObject({ city: 'Stackton', favorite: true });
    const after = await both('GET', url, key);
    expect(after.stack).toEqual(viaStack);
    expect(after.floor).toEqual(viaStack);
  });
});
