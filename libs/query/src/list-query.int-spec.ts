import { createTestDatabase, createTestkitClient, TestDatabase, TestkitClient } from '@diallink/testing';
import { ListQueryDefinition } from './definition/list-query.definition';
import { escapeLike } from './filter/where.builder';
import { CONTACT_NAME_QUERY, RECORDING_QUERY, TENANT_QUERY, USER_QUERY } from './list-query.fixtures';
import { parseListQuery } from './list-query.parser';
import { paginate, PaginateOptions } from './paging/paginate';

/** The where/orderBy objects the library builds, run by the real Prisma client against PostgreSQL. */
describe('paginate against PostgreSQL', () => {
  let database: TestDatabase;
  let prisma: TestkitClient;

  const tenants = (query: Record<string, string | string[]>, options?: PaginateOptions) =>
    paginate(
      parseListQuery(TENANT_QUERY, query),
      { findMany: (args) => prisma.tenant.findMany(args), count: (args) => prisma.tenant.count(args) },
      options,
    );
  const tenantNames = async (query: Record<string, string | string[]>) =>
    (await tenants(query)).data.map((tenant) => tenant.name);
  /** The names found, in code-unit order: string order in the database depends on its collation. */
  const namesFound = async (query: Record<string, string | string[]>) => (await tenantNames(query)).sort();

  const users = (definition: ListQueryDefinition, query: Record<string, string>) =>
    paginate(parseListQuery(definition, query), {
      findMany: (args) => prisma.user.findMany({ ...args, select: { firstName: true, lastName: true } }),
      count: (args) => prisma.user.count(args),
    });
  const userNames = async (query: Record<string, string>) =>
    (await users(USER_QUERY, { ...query, pageSize: '100' })).data
      .map((user) => `${user.firstName} ${user.lastName}`.trim())
      .sort();

  /** The storage keys of the recordings found, in the order asked for (by size without sort). */
  const recordingKeys = async (query: Record<string, string>) =>
    (
      await paginate(parseListQuery(RECORDING_QUERY, { sort: 'sizeBytes', ...query }), {
        findMany: (args) => prisma.recording.findMany(args),
        count: (args) => prisma.recording.count(args),
      })
    ).data.map((recording) => recording.storageKey);

  /** The labels (company names) of the contacts found, in code-unit order. */
  const contactLabels = async (query: Record<string, string>) =>
    (
      await paginate(parseListQuery(CONTACT_NAME_QUERY, { ...query, pageSize: '100' }), {
        findMany: (args) => prisma.contact.findMany(args),
        count: (args) => prisma.contact.count(args),
      })
    ).data
      .map((contact) => contact.companyName ?? '')
      .sort();
  /** Every contact label but those given. */
  const allContactsBut = (...left: string[]) => CONTACT_LABELS.filter((label) => !left.includes(label)).sort();
  /** label, first name, last name: each name with a character a pattern would read as a wildcard or an escape has a twin that such a pattern would also match. */
  const CONTACTS: Array<[string, string | null, string | null]> = [
    ['sophia', 'Sophia', 'Brooks'],
    ['percent', '50%', 'Off'],
    ['fifty', '50x', 'Off'],
    ['underscore', 'Ann_Marie', 'Smith'],
    ['annx', 'AnnXMarie', 'Smith'],
    ['backslash', 'Back\\slash', 'Jones'],
    ['noslash', 'Backslash', 'Jones'],
    ['trailing', 'Trail\\', 'Ing'],
    ['lastonly', null, 'Solo'],
    ['firstonly', 'Percy', null],
  ];
  const CONTACT_LABELS = CONTACTS.map(([label]) => label);

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = createTestkitClient(database.url);
    const rows: Array<[string, string]> = [
      ['Acme', '2024-05-30T23:59:59.999Z'],
      ['acme labs', '2024-05-31T00:00:00.000Z'],
      ['50% off', '2024-05-31T12:00:00.000Z'],
      ['50_off', '2024-05-31T23:59:59.999Z'],
      ['back\\slash', '2024-06-01T00:00:00.000Z'],
      ['', '2024-06-02T00:00:00.000Z'],
      ['Zeta', '2024-06-02T00:00:00.000Z'],
      ['Zeta', '2024-06-02T00:00:00.000Z'],
    ];
    for (const [name, createdAt] of rows) {
      const tenant = await prisma.tenant.create({ data: { name, createdAt: new Date(createdAt) } });
      ids[name] = tenant.id;
    }
    const people: Array<[string, string, string, string | null]> = [
      ['Acme', 'Sophia', 'Brooks', 'CEO'],
      ['Acme', 'Liam', 'Sorensen', null],
      ['acme labs', 'Mary Ann', 'Smith', 'CTO'],
      ['Zeta', '', '', null],
    ];
    for (const [tenant, firstName, lastName, jobTitle] of people) {
      await prisma.user.create({
        data: {
          tenantId: ids[tenant],
          email: `${firstName || 'nobody'}.${lastName}@example.com`.toLowerCase(),
          passwordHash: 'x',
          firstName,
          lastName,
          jobTitle,
        },
      });
    }
  });

  beforeAll(async () => {
    const sizes: Array<[string, bigint]> = [
      ['min', -9223372036854775808n],
      ['zero', 0n],
      ['int32max', 2147483647n],
      ['2GiB', 2147483648n],
      ['2^53', 9007199254740992n],
      ['2^53+1', 9007199254740993n],
      ['max', 9223372036854775807n],
    ];
    for (const [storageKey, sizeBytes] of sizes) {
      await prisma.recording.create({
        data: { tenantId: ids.Acme, contentType: 'audio/mpeg', sizeBytes, sha256: '0'.repeat(64), storageKey },
      });
    }
  });

  beforeAll(async () => {
    for (const [companyName, firstName, lastName] of CONTACTS) {
      await prisma.contact.create({
        data: { tenantId: ids.Acme, ownerId: ids.Acme, companyName, firstName, lastName },
      });
    }
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  describe('strings', () => {
    it('eq is exact, like is case-insensitive contains', async () => {
      expect(await tenantNames({ name: 'Acme' })).toEqual(['Acme']);
      expect(await namesFound({ name: 'like::ACME' })).toEqual(['Acme', 'acme labs']);
    });

    it('like matches %, _ and \\ literally', async () => {
      expect(await tenantNames({ name: 'like::%' })).toEqual(['50% off']);
      expect(await tenantNames({ name: 'like::_' })).toEqual(['50_off']);
      expect(await tenantNames({ name: 'like::\\' })).toEqual(['back\\slash']);
    });

    it('isnull is the empty name; notlike, nin and isnotnull leave it out or in as they should', async () => {
      expect(await tenantNames({ name: 'isnull' })).toEqual(['']);
      expect((await tenants({ name: 'isnotnull' })).paging.totalNumberOfRecords).toBe(7);
      expect(await namesFound({ filter: 'AND(notlike(name,a),nin(name,Zeta,""))' })).toEqual(['50% off', '50_off']);
    });
  });

  describe('like is literal, eq exact: %, _ and \\ are plain characters', () => {
    it('(Prisma itself reads %, _ and \\ in contains and in insensitive equals as pattern characters)', async () => {
      // Pins the Prisma behaviour that escapeLike and fullName's eq are built on; if an upgrade
      // changes it, this fails first (and escapeLike would then double-escape).
      const named = (where: Record<string, unknown>) => prisma.contact.count({ where: { firstName: where } });
      const withFirstName = CONTACTS.filter(([, first]) => first !== null).length;
      expect(await named({ contains: '%', mode: 'insensitive' })).toBe(withFirstName);
      expect(await named({ contains: '_' })).toBe(withFirstName);
      expect(await named({ equals: '%', mode: 'insensitive' })).toBe(withFirstName);
      await expect(named({ equals: 'Trail\\', mode: 'insensitive' })).rejects.toThrow(/must not end with escape/);
      expect(await named({ in: ['%'], mode: 'insensitive' })).toBe(0);
      expect(await named({ contains: escapeLike('%'), mode: 'insensitive' })).toBe(1);
    });

    it('like and notlike on a column', async () => {
      expect(await contactLabels({ firstName: 'like::%' })).toEqual(['percent']);
      expect(await contactLabels({ firstName: 'like::50%' })).toEqual(['percent']);
      expect(await contactLabels({ firstName: 'like::_' })).toEqual(['underscore']);
      expect(await contactLabels({ firstName: 'like::n_m' })).toEqual(['underscore']);
      expect(await contactLabels({ firstName: 'like::\\' })).toEqual(['backslash', 'trailing']);
      expect(await contactLabels({ firstName: 'like::k\\s' })).toEqual(['backslash']);
      expect(await contactLabels({ filter: 'like(firstName,"\\\\")' })).toEqual(['backslash', 'trailing']);
      expect(await contactLabels({ firstName: 'notlike::%' })).toEqual(allContactsBut('percent'));
      expect(await contactLabels({ firstName: 'notlike::\\' })).toEqual(allContactsBut('backslash', 'trailing'));
    });

    it('a value ending in a backslash matches literally, never a 500', async () => {
      expect(await contactLabels({ firstName: 'like::ail\\' })).toEqual(['trailing']);
      expect(await contactLabels({ firstName: 'eq::Trail\\' })).toEqual(['trailing']);
      expect(await contactLabels({ fullName: 'like::ail\\' })).toEqual(['trailing']);
      expect(await contactLabels({ fullName: 'eq::trail\\' })).toEqual(['trailing']);
      expect(await contactLabels({ fullName: 'eq::trail\\ ing' })).toEqual(['trailing']);
      expect(await contactLabels({ fullName: 'neq::Trail\\' })).toEqual(allContactsBut('trailing'));
      expect(await contactLabels({ fullName: 'in::\\,trail\\' })).toEqual(['trailing']);
    });

    it('eq, in and nin on a column are exact', async () => {
      expect(await contactLabels({ firstName: 'eq::50%' })).toEqual(['percent']);
      expect(await contactLabels({ firstName: 'eq::%' })).toEqual([]);
      expect(await contactLabels({ firstName: 'in::%,_,\\' })).toEqual([]);
      expect(await contactLabels({ firstName: 'nin::Ann_Marie' })).toEqual(allContactsBut('underscore'));
    });

    it('fullName eq, neq, in and nin are exact (ignoring case): eq::% is nobody', async () => {
      expect(await contactLabels({ fullName: 'eq::%' })).toEqual([]);
      expect(await contactLabels({ fullName: '%' })).toEqual([]);
      expect(await contactLabels({ fullName: 'eq::_' })).toEqual([]);
      expect(await contactLabels({ fullName: 'neq::%' })).toEqual(allContactsBut());
      expect(await contactLabels({ fullName: 'eq::50%' })).toEqual(['percent']);
      expect(await contactLabels({ fullName: 'eq::50% off' })).toEqual(['percent']);
      expect(await contactLabels({ fullName: 'eq::ANN_MARIE smith' })).toEqual(['underscore']);
      expect(await contactLabels({ fullName: 'eq::back\\slash' })).toEqual(['backslash']);
      expect(await contactLabels({ fullName: 'in::%,_,50%' })).toEqual(['percent']);
      expect(await contactLabels({ fullName: 'nin::50%,%' })).toEqual(allContactsBut('percent'));
      expect(await contactLabels({ fullName: 'eq::Solo' })).toEqual(['lastonly']);
      expect(await contactLabels({ fullName: 'neq::Percy' })).toEqual(allContactsBut('firstonly'));
    });

    it('fullName like and notlike take %, _ and \\ literally', async () => {
      expect(await contactLabels({ fullName: 'like::%' })).toEqual(['percent']);
      expect(await contactLabels({ fullName: 'like::50% of' })).toEqual(['percent']);
      expect(await contactLabels({ fullName: 'like::_' })).toEqual(['underscore']);
      expect(await contactLabels({ fullName: 'like::k\\s' })).toEqual(['backslash']);
      expect(await contactLabels({ fullName: 'notlike::%' })).toEqual(allContactsBut('percent'));
      expect(await contactLabels({ fullName: 'notlike::\\' })).toEqual(allContactsBut('backslash', 'trailing'));
    });
  });

  describe('dates', () => {
    it('a date alone is the whole UTC day, at both ends', async () => {
      expect(await tenantNames({ createdAt: '2024-05-31', sort: 'createdAt' })).toEqual([
        'acme labs',
        '50% off',
        '50_off',
      ]);
      expect(await tenantNames({ createdAt: 'btn::2024-05-30,2024-05-31', sort: 'createdAt' })).toEqual([
        'Acme',
        'acme labs',
        '50% off',
        '50_off',
      ]);
      expect(await namesFound({ createdAt: 'gt::2024-05-31' })).toEqual(['', 'Zeta', 'Zeta', 'back\\slash']);
      expect(await tenantNames({ createdAt: 'lte::2024-05-30' })).toEqual(['Acme']);
      expect(await tenantNames({ createdAt: 'neq::2024-06-02', sort: 'createdAt' })).toEqual([
        'Acme',
        'acme labs',
        '50% off',
        '50_off',
        'back\\slash',
      ]);
    });

    it('a date-time is an instant, with its offset', async () => {
      expect(await tenantNames({ createdAt: '2024-05-31T14:00:00+02:00' })).toEqual(['50% off']);
      expect(await tenantNames({ createdAt: 'gte::2024-05-31T23:59:59.999Z', sort: 'createdAt,name' })).toEqual([
        '50_off',
        'back\\slash',
        '',
        'Zeta',
        'Zeta',
      ]);
    });

    it('isnull on a column that is never NULL matches nothing, isnotnull everything', async () => {
      expect(await tenantNames({ createdAt: 'isnull' })).toEqual([]);
      expect((await tenants({ createdAt: 'isnotnull' })).paging.totalNumberOfRecords).toBe(8);
    });

    it('and so, beside other conditions, isnull decides an AND and isnotnull an OR', async () => {
      expect(await tenantNames({ createdAt: 'isnull', name: 'Zeta' })).toEqual([]);
      expect(await tenantNames({ filter: 'AND(isnull(createdAt),eq(name,Zeta))' })).toEqual([]);
      expect((await tenants({ filter: 'OR(isnotnull(createdAt),eq(name,Zeta))' })).paging.totalNumberOfRecords).toBe(8);
      expect(await tenantNames({ filter: 'OR(isnull(createdAt),eq(name,Zeta))' })).toEqual(['Zeta', 'Zeta']);
      // A boolean too.
      const everyone = await userNames({});
      expect(await userNames({ enabled: 'isnull', fullName: 'like::a' })).toEqual([]);
      expect(await userNames({ filter: 'OR(isnotnull(enabled),eq(fullName,nobody))' })).toEqual(everyone);
    });
  });

  describe('bigints (a BigInt column)', () => {
    it('eq, neq, in and nin compare all 64 bits: 2^53 + 1 is not 2^53', async () => {
      expect(await recordingKeys({ sizeBytes: '9007199254740993' })).toEqual(['2^53+1']);
      expect(await recordingKeys({ sizeBytes: 'eq::9007199254740992' })).toEqual(['2^53']);
      expect(await recordingKeys({ sizeBytes: 'neq::9007199254740992' })).toEqual([
        'min',
        'zero',
        'int32max',
        '2GiB',
        '2^53+1',
        'max',
      ]);
      expect(await recordingKeys({ filter: 'in(sizeBytes,9223372036854775807,-9223372036854775808)' })).toEqual([
        'min',
        'max',
      ]);
      expect(await recordingKeys({ sizeBytes: 'nin::0,9007199254740993' })).toEqual([
        'min',
        'int32max',
        '2GiB',
        '2^53',
        'max',
      ]);
    });

    it('ranges past 2 GiB, to both ends of the type', async () => {
      expect(await recordingKeys({ sizeBytes: 'gt::2147483647' })).toEqual(['2GiB', '2^53', '2^53+1', 'max']);
      expect(await recordingKeys({ sizeBytes: 'gte::9007199254740993' })).toEqual(['2^53+1', 'max']);
      expect(await recordingKeys({ sizeBytes: 'lt::9007199254740993' })).toEqual([
        'min',
        'zero',
        'int32max',
        '2GiB',
        '2^53',
      ]);
      expect(await recordingKeys({ sizeBytes: 'lte::-9223372036854775808' })).toEqual(['min']);
      expect(await recordingKeys({ sizeBytes: 'btn::9007199254740993,9223372036854775807' })).toEqual([
        '2^53+1',
        'max',
      ]);
    });

    it('sorts, and isnull on the required column matches nothing', async () => {
      expect(await recordingKeys({ sort: '-sizeBytes', pageSize: '3' })).toEqual(['max', '2^53+1', '2^53']);
      expect(await recordingKeys({ sizeBytes: 'isnull' })).toEqual([]);
      expect(await recordingKeys({ sizeBytes: 'isnotnull' })).toHaveLength(7);
    });

    it('refuses a value past the type with a 400 before any query', async () => {
      await expect(recordingKeys({ sizeBytes: 'gt::9223372036854775808' })).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining('is out of range (-9223372036854775808 to 9223372036854775807)'),
      });
    });
  });

  describe('uuids', () => {
    it('eq, in and nin by id, in any case', async () => {
      expect(await tenantNames({ id: ids.Acme.toUpperCase() })).toEqual(['Acme']);
      expect(await namesFound({ filter: `in(id,${ids.Acme},${ids['50_off']})` })).toEqual(['50_off', 'Acme']);
      expect((await tenants({ id: `nin::${ids.Acme}` })).paging.totalNumberOfRecords).toBe(7);
    });
  });

  describe('relations', () => {
    it('a to-many field matches when any element does, its negation when none does', async () => {
      expect(await tenantNames({ 'users.firstName': 'Sophia' })).toEqual(['Acme']);
      expect(await namesFound({ 'users.firstName': 'notlike::o' })).toEqual([
        '',
        '50% off',
        '50_off',
        'Zeta',
        'Zeta',
        'acme labs',
        'back\\slash',
      ]);
      expect(await namesFound({ 'users.jobTitle': 'isnotnull' })).toEqual(['Acme', 'acme labs']);
      expect(await namesFound({ 'users.jobTitle': 'isnull' })).toEqual([
        '',
        '50% off',
        '50_off',
        'Zeta',
        'Zeta',
        'back\\slash',
      ]);
    });

    it('a to-one field nests, and sorts', async () => {
      const page = await users(USER_QUERY, { 'tenant.name': 'like::acme', sort: '-tenant.name' });
      expect(page.data.map((user) => user.firstName)).toEqual(['Mary Ann', expect.any(String), expect.any(String)]);
      expect(page.paging.totalNumberOfRecords).toBe(3);
    });

    it('negations on a nullable column match NULL; NULLs sort last both ways', async () => {
      expect(await userNames({ jobTitle: 'neq::CEO' })).toEqual(['', 'Liam Sorensen', 'Mary Ann Smith']);
      expect(await userNames({ jobTitle: 'isnull' })).toEqual(['', 'Liam Sorensen']);
      const titles = async (sort: string) =>
        (
          await paginate(parseListQuery(USER_QUERY, { sort }), {
            findMany: (args) => prisma.user.findMany(args),
            count: (args) => prisma.user.count(args),
          })
        ).data.map((user) => user.jobTitle);
      expect(await titles('jobTitle')).toEqual(['CEO', 'CTO', null, null]);
      expect(await titles('-jobTitle')).toEqual(['CTO', 'CEO', null, null]);
    });

    it('fullName matches first, last or both names', async () => {
      expect(await userNames({ fullName: 'like::so' })).toEqual(['Liam Sorensen', 'Sophia Brooks']);
      expect(await userNames({ fullName: 'like::Sophia Bro' })).toEqual(['Sophia Brooks']);
      expect(await userNames({ fullName: 'mary ann smith' })).toEqual(['Mary Ann Smith']);
      expect(await userNames({ fullName: 'notlike::so' })).toEqual(['', 'Mary Ann Smith']);
      expect(await userNames({ fullName: 'isnull' })).toEqual(['']);
      expect(await userNames({ filter: 'AND(eq(enabled,true),in(fullName,brooks,smith))' })).toEqual([
        'Mary Ann Smith',
        'Sophia Brooks',
      ]);
    });
  });

  describe('sorting and paging', () => {
    it('pages through ties in a stable order without repeating or skipping a row', async () => {
      const seen: string[] = [];
      for (let pageNumber = 1; pageNumber <= 3; pageNumber++) {
        const page = await tenants({ sort: '-createdAt', pageSize: '3', pageNumber: String(pageNumber) });
        seen.push(...page.data.map((tenant) => tenant.id));
        expect(page.paging).toMatchObject({
          totalNumberOfRecords: 8,
          totalNumberOfPages: 3,
          hasNextPage: pageNumber < 3,
          sortingCriteria: '-createdAt',
        });
      }
      const all = await tenants({ sort: '-createdAt', pageSize: '100' });
      expect(seen).toEqual(all.data.map((tenant) => tenant.id));
      expect(new Set(seen).size).toBe(8);
    });

    it('sorts by several fields, the tiebreaker last', async () => {
      const page = await tenants({ sort: '-createdAt,name', pageSize: '4' });
      expect(page.data.map((tenant) => tenant.name)).toEqual(['', 'Zeta', 'Zeta', 'back\\slash']);
      const [, first, second] = page.data;
      expect(first.id < second.id).toBe(true);
    });

    it('answers a page past the end with empty data and the real total', async () => {
      const page = await tenants({ pageNumber: '5', pageSize: '3' });
      expect(page.data).toEqual([]);
      expect(page.paging).toMatchObject({
        totalNumberOfRecords: 8,
        totalNumberOfPages: 3,
        hasNextPage: false,
        hasPreviousPage: true,
      });
    });

    it('stops counting past the limit and says so', async () => {
      const estimated = await tenants({ pageSize: '2' }, { exactCountLimit: 4 });
      expect(estimated.paging).toMatchObject({
        totalNumberOfRecords: 5,
        totalNumberOfRecordsIsEstimate: true,
        hasNextPage: true,
      });
      const exact = await tenants({ pageSize: '2', count: 'exact' }, { exactCountLimit: 4 });
      expect(exact.paging.totalNumberOfRecords).toBe(8);
      expect(exact.paging).not.toHaveProperty('totalNumberOfRecordsIsEstimate');
    });

    it('adds the caller’s where with AND', async () => {
      const page = await tenants(
        { name: 'like::a' },
        { where: { createdAt: { lt: new Date('2024-05-31T00:00:00Z') } } },
      );
      expect(page.data.map((tenant) => tenant.name)).toEqual(['Acme']);
    });
  });
});
