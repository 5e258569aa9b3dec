import { createPrismaClient, PrismaClient } from '@diallink/db';
import { createTestDatabase, TestDatabase } from '@diallink/testing';
import { defineListQuery, ListQueryDefinition } from './definition/list-query.definition';
import { fullNameFilter } from './filter/full-name.filter';
import { parseListQuery } from './list-query.parser';
import { paginate, PaginateOptions } from './paging/paginate';

/** The where/orderBy objects the library builds, run by the real Prisma client against PostgreSQL. */
describe('paginate against PostgreSQL', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;

  const TENANT_QUERY = defineListQuery({
    fields: {
      id: { type: 'uuid', sortable: true },
      name: { type: 'string', sortable: true },
      createdAt: { type: 'date', sortable: true },
      'users.firstName': { type: 'string', path: ['users', 'firstName'], list: true },
      'users.jobTitle': { type: 'string', path: ['users', 'jobTitle'], list: true, nullable: true },
    },
  });

  const USER_QUERY = defineListQuery({
    fields: {
      fullName: { type: 'string', where: fullNameFilter('firstName', 'lastName') },
      jobTitle: { type: 'string', nullable: true, sortable: true },
      'tenant.name': { type: 'string', path: ['tenant', 'name'], sortable: true },
      enabled: { type: 'boolean' },
    },
  });

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

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = createPrismaClient({ url: database.url, poolMax: 2 });
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
