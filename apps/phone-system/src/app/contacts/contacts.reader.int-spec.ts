import { randomUUID } from 'node:crypto';
import type { Principal } from '@diallink/auth';
import { keysFirst, paginate, parseListQuery, parseSqlListQuery, quoteFilterValue } from '@diallink/query';
import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';
import { ContactType, Industry, PhoneSystemDatabase } from '../database';
import { CONTACT_QUERY } from './contact.query';
import { CONTACT_SQL_QUERY, getContact, listContacts } from './contacts.reader';
import { READ, toResponse } from './contacts.service';
import { seededRandom, SeededRandom } from '@diallink/testing';

/**
 * The raw read path against the Prisma reads it replaced, on the same seeded rows: for many
 * generated filters, sorts and pages, both answer the same JSON text (ids, order, every field,
 * paging); a get answers the same contact; nothing of another tenant or another user's private
 * contacts comes back.
 */

const NAMES = [
  'Sophia',
  'sophia',
  'SOPHIA',
  'Liam',
  'Ann_Marie',
  'AnnXMarie',
  '50%',
  '50x',
  'Back\\slash',
  'Backslash',
  'Trail\\',
  'Mary Ann',
  '',
  null,
  'Élodie',
  "O'Brien",
];
const LAST = ['Brooks', 'brooks', 'Stone', 'Smith', 'Sorensen', 'Ann', '', null, 'Lane Fischer', '%', 'x_y'];
const COMPANIES = [
  'Brooks Enterprise',
  'Stone Corp',
  'Lane Enterprise Corp',
  'Fischer GmbH',
  '',
  null,
  '100% Co',
  'a_b',
];
const TEXTS = ['New York', 'Paris', 'paris', '', null, 'Tbilisi', '10001', '75001', 'US', 'FR', 'GE', 'de'];
const REVENUES = [null, '0', '0.5', '750000', '750000.10', '200000.00', '-12.34', '9999999999999999.99', '15'];
const COUNTS = [null, 0, 12, 15, 1500, -1, 2147483647];
const INSTANTS = [
  '2024-05-30T23:59:59.999Z',
  '2024-05-31T00:00:00.000Z',
  '2024-05-31T12:00:00.000Z',
  '2024-05-31T23:59:59.999Z',
  '2024-06-01T00:00:00.000Z',
  '2024-06-02T08:30:00.123Z',
  '0999-01-01T00:00:00.000Z',
];
const NUMBERS = ['+17175501675', '+33123456789', '+995322123456', '+17175500000', '+4930123456'];
const EMAILS = ['sophia@brooks.test', 'liam@stone.test', 'a_b@x.test', '50%@off.test'];

describe('contacts: the raw read path answers what the Prisma reads answered', () => {
  let fixture: PhoneSystemFixture;
  let database: PhoneSystemDatabase;
  const TENANT = randomUUID();
  const OTHER = randomUUID();
  const ALICE = randomUUID();
  const BOB = randomUUID();
  const ids: string[] = [];
  const foreignIds: string[] = [];

  const principal = (userId: string, tenantId = TENANT) =>
    ({
      userId,
      tenantId,
      email: 'x@example.com',
      roles: [],
      permissions: [],
      products: [],
      credential: { type: 'bearer' },
    }) as Principal;
  const visible = (user: Principal) => ({ OR: [{ shared: true }, { ownerId: user.userId }] });

  async function prismaPage(user: Principal, query: Record<string, string>) {
    const contacts = database.forTenant(user.tenantId).contact;
    const findMany = keysFirst(
      (args) => contacts.findMany({ ...args, select: { id: true } }).then((rows) => rows.map((row) => row.id)),
      (keys) => contacts.findMany({ where: { id: { in: keys } }, ...READ }),
      (row) => row.id,
    );
    return paginate(
      parseListQuery(CONTACT_QUERY, query),
      {
        findMany: (args) => findMany(args).then((rows) => rows.map(toResponse)),
        count: (args) => contacts.count(args),
      },
      { where: visible(user) },
    );
  }

  const sqlPage = (user: Principal, query: Record<string, string>) =>
    listContacts(database, user, parseSqlListQuery(CONTACT_SQL_QUERY, query));

  async function seedContact(tenantId: string, rng: SeededRandom): Promise<string> {
    const contact = await fixture.prisma.contact.create({
      data: {
        tenantId,
        ownerId: rng.pick([ALICE, BOB, null]),
        firstName: rng.pick(NAMES),
        lastName: rng.pick(LAST),
        companyName: rng.pick(COMPANIES),
        shared: rng.next() < 0.6,
        favorite: rng.next() < 0.3,
        type: rng.pick(Object.values(ContactType)),
        industry: rng.pick([...Object.values(Industry), null]),
        employeeCount: rng.pick(COUNTS),
        annualRevenue: rng.pick(REVENUES),
        addressLine1: rng.pick(TEXTS),
        addressLine2: rng.pick(TEXTS),
        city: rng.pick(TEXTS),
        zip: rng.pick(TEXTS),
        country: rng.pick(TEXTS),
        createdAt: new Date(rng.pick(INSTANTS)),
        phoneNumbers: {
          create: Array.from({ length: rng.int(4) }, () => ({
            tenantId,
            phoneNumber: rng.pick(NUMBERS),
            type: rng.pick(['WORK', 'MOBILE', 'HOME', 'OTHER'] as const),
            position: rng.int(2),
          })),
        },
        emails: {
          create: Array.from({ length: rng.int(3) }, () => ({
            tenantId,
            email: rng.pick(EMAILS),
            type: rng.pick(['WORK', 'PERSONAL'] as const),
            position: rng.int(2),
          })),
        },
        addresses: {
          create: Array.from({ length: rng.int(3) }, () => ({
            tenantId,
            city: rng.pick(TEXTS),
            state: rng.pick(['PA', 'pa', '', null]),
            zip: rng.pick(TEXTS),
            country: rng.pick(TEXTS),
            addressLine1: rng.pick(TEXTS),
            type: rng.pick(['WORK', 'HOME'] as const),
            position: rng.int(2),
          })),
        },
      },
    });
    // updatedAt is the database's own on create: set it to one of the instants afterwards.
    await fixture.prisma.$executeRawUnsafe(
      'UPDATE contacts SET updated_at = $1::timestamptz WHERE id = $2::uuid',
      rng.pick(INSTANTS),
      contact.id,
    );
    return contact.id;
  }

  beforeAll(async () => {
    fixture = await startPhoneSystem();
    database = fixture.app.get(PhoneSystemDatabase);
    const rng = seededRandom(9);
    for (let n = 0; n < 70; n++) ids.push(await seedContact(TENANT, rng));
    for (let n = 0; n < 15; n++) foreignIds.push(await seedContact(OTHER, rng));
  }, 120_000);

  afterAll(async () => {
    await fixture?.close();
  });

  /** Filter values for each field type, most of them present in the rows. */
  function valuesFor(field: string, rng: SeededRandom): string[] {
    const definition = CONTACT_QUERY.fields.get(field);
    switch (definition?.type) {
      case 'enum':
        return [rng.pick(definition.enumValues), rng.pick(definition.enumValues).toLowerCase()];
      case 'integer':
        return COUNTS.filter((value) => value !== null).map(String);
      case 'decimal':
        return ['0', '0.5', '750000', '750000.1', '-12.34', '200000', '15.00', '9999999999999999.99'];
      case 'boolean':
        return ['true', 'false'];
      case 'date':
        return [
          '2024-05-31',
          '2024-06-01',
          '2024-05-31T12:00:00Z',
          '2024-05-30T23:59:59.999Z',
          '2024-06-02T08:30:00.123+00:00',
          '0999-01-01',
        ];
      case 'uuid':
        return [rng.pick(ids), rng.pick(ids), rng.pick(foreignIds), randomUUID()];
      default: {
        const whole = [...NAMES, ...LAST, ...COMPANIES, ...TEXTS, ...NUMBERS, ...EMAILS, 'PA', 'pa'].filter(
          (value): value is string => value !== null,
        );
        const word = rng.pick(whole);
        const start = rng.int(Math.max(word.length, 1));
        return [
          word,
          word.slice(start, start + 1 + rng.int(4)),
          word.toUpperCase(),
          '%',
          '_',
          '\\',
          '',
          ' ',
          'Sophia Brooks',
          'sophia brooks',
          'Mary Ann Smith',
          'ann',
          '1675',
          ' 17175501675',
        ];
      }
    }
  }

  const OPERATORS_WITH_VALUES: Record<string, number> = {
    eq: 1,
    neq: 1,
    gt: 1,
    gte: 1,
    lt: 1,
    lte: 1,
    like: 1,
    notlike: 1,
    btn: 2,
  };

  function condition(rng: SeededRandom): string {
    const field = rng.pick([...CONTACT_QUERY.fields.keys()]);
    const definition = CONTACT_QUERY.fields.get(field);
    if (!definition) throw new Error(field);
    const operator = rng.pick(definition.operators);
    const pool = valuesFor(field, rng);
    let values: string[];
    if (operator === 'isnull' || operator === 'isnotnull') values = [];
    else if (operator === 'in' || operator === 'nin')
      values = Array.from({ length: 1 + rng.int(3) }, () => rng.pick(pool));
    else values = Array.from({ length: OPERATORS_WITH_VALUES[operator] }, () => rng.pick(pool));
    return `${operator}(${[field, ...values.map(quoteFilterValue)].join(',')})`;
  }

  function filter(rng: SeededRandom, depth = 0): string {
    if (depth > 1 || rng.next() < 0.6) return condition(rng);
    const members = Array.from({ length: 2 + rng.int(2) }, () => filter(rng, depth + 1));
    return `${rng.pick(['AND', 'OR'])}(${members.join(',')})`;
  }

  const SORTS = [...CONTACT_QUERY.fields.values()].filter((field) => field.sortable).map((field) => field.name);

  function request(rng: SeededRandom): Record<string, string> {
    const query: Record<string, string> = { filter: filter(rng), pageSize: String(1 + rng.int(30)) };
    if (rng.next() < 0.7) {
      const first = rng.pick(SORTS);
      const second = rng.pick(SORTS.filter((name) => name !== first));
      query.sort = rng.next() < 0.5 ? `-${first}` : `${first},-${second}`;
    }
    if (rng.next() < 0.3) query.pageNumber = String(2 + rng.int(3));
    if (rng.next() < 0.2) query.count = 'exact';
    return query;
  }

  /** Ids and paging of an answer, or its error, to read a difference. */
  function summary(text: string) {
    if (text.startsWith('error')) return text;
    const page = JSON.parse(text) as { data: { id: string }[]; paging: unknown };
    return {
      ids: page.data.map((contact) => contact.id.slice(0, 8)).join(' '),
      paging: JSON.stringify(page.paging),
      text: text.length,
    };
  }

  async function differences(queries: Record<string, string>[]) {
    const found: unknown[] = [];
    for (const [index, query] of queries.entries()) {
      const user = principal(index % 2 === 0 ? ALICE : BOB);
      let expected: string;
      try {
        expected = JSON.stringify(await prismaPage(user, query));
      } catch (error) {
        expected = `error: ${(error as Error).message}`;
      }
      let actual: string;
      try {
        actual = JSON.stringify(await sqlPage(user, query));
      } catch (error) {
        actual = `error: ${(error as Error).message}`;
      }
      if (actual !== expected) found.push({ query, expected: summary(expected), actual: summary(actual) });
    }
    return found;
  }

  it('answers every generated filter, sort and page with the same JSON text', async () => {
    const rng = seededRandom(2026);
    const queries = Array.from({ length: 400 }, () => request(rng));
    expect(await differences(queries)).toEqual([]);
  }, 600_000);

  it('answers every operator on every field the same, one condition at a time', async () => {
    const rng = seededRandom(7);
    const queries: Record<string, string>[] = [];
    for (const [name, field] of CONTACT_QUERY.fields) {
      for (const operator of field.operators) {
        for (let n = 0; n < 4; n++) {
          const pool = valuesFor(name, rng);
          const count =
            operator === 'isnull' || operator === 'isnotnull'
              ? 0
              : operator === 'btn'
                ? 2
                : operator === 'in' || operator === 'nin'
                  ? 2
                  : 1;
          const values = Array.from({ length: count }, () => rng.pick(pool));
          queries.push({
            filter: `${operator}(${[name, ...values.map(quoteFilterValue)].join(',')})`,
            pageSize: '100',
          });
        }
      }
    }
    queries.push(
      { fullName: 'like::Sophia Brooks' },
      { fullName: 'eq::sophia' },
      { 'phoneNumbers.phoneNumber': ' 17175501675' },
    );
    queries.push({ fullName: 'like::a b c d e f g h i j k' }, { sort: 'fullName' }, { filter: 'eq(country' });
    expect(await differences(queries)).toEqual([]);
  }, 600_000);

  it('pages through every visible contact in every sort as the Prisma reads did', async () => {
    const queries: Record<string, string>[] = [];
    for (const sort of SORTS)
      for (const direction of ['', '-'])
        for (const pageNumber of ['1', '2', '3', '9'])
          queries.push({ sort: `${direction}${sort}`, pageSize: '9', pageNumber });
    queries.push({}, { pageSize: '100' }, { count: 'exact', pageSize: '5', pageNumber: '2' });
    expect(await differences(queries)).toEqual([]);
  }, 600_000);

  it('gets each contact as the Prisma read did; another user’s private one and another tenant’s are 404', async () => {
    for (const userId of [ALICE, BOB]) {
      const user = principal(userId);
      for (const id of ids) {
        const expected = await database
          .forTenant(TENANT)
          .contact.findFirst({ where: { id, ...visible(user) }, ...READ });
        const actual = await getContact(database, user, id).then(
          (contact) => JSON.stringify(contact),
          (error: Error) => `error: ${error.constructor.name}`,
        );
        expect(actual).toBe(expected ? JSON.stringify(toResponse(expected)) : 'error: NotFoundError');
      }
      for (const id of foreignIds) {
        await expect(getContact(database, user, id)).rejects.toThrow('Contact');
      }
    }
  }, 300_000);

  it('never lists another tenant’s contacts, whatever the filter', async () => {
    const seen = new Set<string>();
    for (const user of [principal(ALICE), principal(BOB)]) {
      for (const query of [{ pageSize: '100' }, { pageSize: '100', filter: 'OR(isnull(id),isnotnull(id))' }] as Record<
        string,
        string
      >[]) {
        for (const contact of (await sqlPage(user, query)).data) seen.add(contact.id);
      }
    }
    expect(foreignIds.filter((id) => seen.has(id))).toEqual([]);
    expect(seen.size).toBeGreaterThan(0);
  });
});
