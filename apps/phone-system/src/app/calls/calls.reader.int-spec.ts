import { randomUUID } from 'node:crypto';
import type { Principal } from '@diallink/auth';
import { paginate, parseListQuery, parseSqlListQuery, quoteFilterValue } from '@diallink/query';
import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';
import { CallDirection, CallStatus, PhoneSystemDatabase } from '../database';
import { toCallResponse } from './call-response';
import { CALL_QUERY, DEFAULT_CALL_ORDER } from './call.query';
import { CALL_SQL_QUERY, listCalls } from './calls.reader';
import { seededRandom, SeededRandom } from '@diallink/testing';

/**
 * GET /calls through the raw read path against the Prisma read it replaced, on the same rows:
 * the same JSON text for many generated filters (the custom number, tags and recordingId filters
 * included, NULL tags too), sorts and pages; nothing of another tenant.
 */

const NUMBERS = ['+17175501675', '+33123456789', '17175501675', '+4930123456', '+1%2', '+1_2'];
const TAGS = [null, [], ['vip'], ['vip', 'follow-up'], ['VIP'], ['a%b'], ['follow-up']];
const INSTANTS = [
  '2026-01-01T00:00:00.000Z',
  '2026-01-01T23:59:59.999Z',
  '2026-01-02T10:00:00.000Z',
  '2026-01-31T12:30:00.500Z',
  '2026-02-01T00:00:00.000Z',
];
const NOTES = [null, '', 'called back', 'Called Back 100%', 'x_y'];

describe('calls: the raw read path answers what the Prisma read answered', () => {
  let fixture: PhoneSystemFixture;
  let database: PhoneSystemDatabase;
  const TENANT = randomUUID();
  const OTHER = randomUUID();
  const ids: string[] = [];
  const foreignIds: string[] = [];
  const recordingIds: string[] = [];
  const principal = (tenantId = TENANT) =>
    ({
      userId: randomUUID(),
      tenantId,
      email: 'x@example.com',
      roles: [],
      permissions: [],
      products: [],
      credential: { type: 'bearer' },
    }) as Principal;

  async function seedCall(tenantId: string, rng: SeededRandom): Promise<string> {
    const startedAt = new Date(rng.pick(INSTANTS));
    const answered = rng.next() < 0.6;
    const call = await fixture.prisma.call.create({
      data: {
        tenantId,
        direction: rng.pick(Object.values(CallDirection)),
        status: rng.pick(Object.values(CallStatus)),
        fromNumber: rng.pick(NUMBERS),
        toNumber: rng.pick(NUMBERS),
        userId: rng.pick([null, randomUUID()]),
        queueId: rng.pick([null, randomUUID()]),
        startedAt,
        answeredAt: answered ? new Date(startedAt.getTime() + 5_000) : null,
        endedAt: rng.next() < 0.7 ? new Date(startedAt.getTime() + 65_000) : null,
        durationSeconds: rng.pick([null, 0, 60, 61, 3600]),
        notes: rng.pick(NOTES),
        tags: rng.pick(TAGS.filter((tags) => tags !== null)) as string[],
      },
    });
    const tags = rng.pick(TAGS);
    if (tags === null)
      await fixture.prisma.$executeRawUnsafe('UPDATE calls SET tags = NULL WHERE id = $1::uuid', call.id);
    if (rng.next() < 0.4) {
      const recording = await fixture.prisma.recording.create({
        data: {
          tenantId,
          callId: call.id,
          contentType: 'audio/mpeg',
          sizeBytes: 10n,
          sha256: '0'.repeat(64),
          storageKey: randomUUID(),
        },
      });
      recordingIds.push(recording.id);
    }
    return call.id;
  }

  beforeAll(async () => {
    fixture = await startPhoneSystem();
    database = fixture.app.get(PhoneSystemDatabase);
    const rng = seededRandom(11);
    for (let n = 0; n < 60; n++) ids.push(await seedCall(TENANT, rng));
    for (let n = 0; n < 10; n++) foreignIds.push(await seedCall(OTHER, rng));
  }, 120_000);

  afterAll(async () => {
    await fixture?.close();
  });

  function prismaPage(query: Record<string, string>) {
    const parsed = parseListQuery(CALL_QUERY, query);
    const calls = database.forTenant(TENANT).call;
    const orderBy = parsed.sortingCriteria === null ? DEFAULT_CALL_ORDER : parsed.orderBy;
    return paginate(parsed, {
      findMany: (args) =>
        calls
          .findMany({ ...args, orderBy, include: { recording: { select: { id: true } } } })
          .then((rows) => rows.map(toCallResponse)),
      count: (args) => calls.count(args),
    });
  }

  function valuesFor(field: string, rng: SeededRandom): string[] {
    const definition = CALL_QUERY.fields.get(field);
    switch (definition?.type) {
      case 'enum':
        return [rng.pick(definition.enumValues), rng.pick(definition.enumValues).toLowerCase()];
      case 'integer':
        return ['0', '60', '61', '3600', '-1'];
      case 'date':
        return ['2026-01-01', '2026-01-31', '2026-01-02T10:00:00Z', '2026-02-01T00:00:00Z', '2025-12-31'];
      case 'uuid':
        return field === 'recordingId'
          ? [rng.pick(recordingIds), rng.pick(recordingIds), randomUUID()]
          : [rng.pick(ids), randomUUID()];
      default:
        return [
          ...NUMBERS,
          ' 17175501675',
          '1675',
          '%',
          '_',
          '\\',
          'vip',
          'VIP',
          'follow-up',
          'a%b',
          'called',
          'back 100%',
          '',
        ];
    }
  }

  function condition(rng: SeededRandom): string {
    const field = rng.pick([...CALL_QUERY.fields.keys()]);
    const definition = CALL_QUERY.fields.get(field);
    if (!definition) throw new Error(field);
    const operator = rng.pick(definition.operators);
    const pool = valuesFor(field, rng);
    const count =
      operator === 'isnull' || operator === 'isnotnull'
        ? 0
        : operator === 'btn'
          ? 2
          : operator === 'in' || operator === 'nin'
            ? 1 + rng.int(3)
            : 1;
    return `${operator}(${[field, ...Array.from({ length: count }, () => quoteFilterValue(rng.pick(pool)))].join(',')})`;
  }

  function filter(rng: SeededRandom, depth = 0): string {
    if (depth > 1 || rng.next() < 0.6) return condition(rng);
    return `${rng.pick(['AND', 'OR'])}(${Array.from({ length: 2 + rng.int(2) }, () => filter(rng, depth + 1)).join(',')})`;
  }

  const SORTS = [...CALL_QUERY.fields.values()].filter((field) => field.sortable).map((field) => field.name);

  async function differences(queries: Record<string, string>[]) {
    const found: unknown[] = [];
    for (const query of queries) {
      const answer = (run: () => Promise<unknown>) =>
        Promise.resolve()
          .then(run)
          .then(
            (page) => JSON.stringify(page),
            (error: Error) => `error: ${error.message}`,
          );
      const expected = await answer(() => prismaPage(query));
      const actual = await answer(() => listCalls(database, principal(), parseSqlListQuery(CALL_SQL_QUERY, query)));
      if (actual !== expected) {
        let at = 0;
        while (at < expected.length && expected[at] === actual[at]) at++;
        found.push({
          query,
          expected: expected.slice(Math.max(0, at - 80), at + 120),
          actual: actual.slice(Math.max(0, at - 80), at + 120),
        });
      }
    }
    return found;
  }

  it('answers generated filters, sorts and pages with the same JSON text', async () => {
    const rng = seededRandom(5);
    const queries: Record<string, string>[] = [];
    for (let n = 0; n < 300; n++) {
      const query: Record<string, string> = { filter: filter(rng), pageSize: String(1 + rng.int(25)) };
      if (rng.next() < 0.6) query.sort = `${rng.pick(['', '-'])}${rng.pick(SORTS)}`;
      if (rng.next() < 0.3) query.pageNumber = String(2 + rng.int(3));
      queries.push(query);
    }
    for (const [name, field] of CALL_QUERY.fields)
      for (const operator of field.operators)
        for (let n = 0; n < 3; n++) {
          const pool = valuesFor(name, rng);
          const count = operator === 'isnull' || operator === 'isnotnull' ? 0 : operator === 'btn' ? 2 : 1;
          const values = Array.from({ length: count }, () => quoteFilterValue(rng.pick(pool)));
          queries.push({ filter: `${operator}(${[name, ...values].join(',')})`, pageSize: '100' });
        }
    queries.push(
      {},
      { direction: 'outbound', startedAt: 'btn::2026-01-01,2026-01-31' },
      { fromNumber: ' 17175501675' },
      { count: 'exact', pageSize: '3' },
    );
    for (const sort of SORTS)
      for (const pageNumber of ['1', '2', '7']) queries.push({ sort: `-${sort}`, pageSize: '9', pageNumber });
    expect(await differences(queries)).toEqual([]);
  }, 600_000);

  it('never lists another tenant’s calls', async () => {
    const page = await listCalls(database, principal(), parseSqlListQuery(CALL_SQL_QUERY, { pageSize: '100' }));
    expect(page.data.map((call) => call.id).sort()).toEqual([...ids].sort());
    expect(page.data.some((call) => foreignIds.includes(call.id))).toBe(false);
  });
});
