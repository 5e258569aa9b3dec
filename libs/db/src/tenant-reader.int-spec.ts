import {
  createTestDatabase,
  createTestkitClient,
  TESTKIT_DATAMODEL,
  TestDatabase,
  TestkitClient,
} from '@diallink/testing';
import { Pool } from 'pg';
import { pgSqlExecutor, prismaSqlExecutor, RawSqlStatement } from './raw-sql';
import { poolConfig } from './service-database';
import { TenantReader } from './tenant-reader';

/** Statement pieces as `@diallink/query`'s `sql` makes them. */
const text = (value: string) => value;
const table = (model: string) => ({ table: model });
const value = (item: string, cast?: string) => (cast ? { value: item, cast } : { value: item });
const statement = (...parts: RawSqlStatement['parts']): RawSqlStatement => ({ parts });

describe('TenantReader', () => {
  describe('what it runs', () => {
    const reader = new TenantReader({ query: async () => [] }, TESTKIT_DATAMODEL);

    it('puts the tenant predicate on every table piece itself, the tenant as $1', () => {
      const { text: sql, values } = reader.render(
        statement(
          'SELECT t0.id FROM ',
          table('Contact'),
          ' t0 WHERE EXISTS (SELECT 1 FROM ',
          table('ContactPhoneNumber'),
          ' p WHERE p.contact_id = t0.id AND p.phone_number = ',
          value('+1', 'text'),
          ')',
        ),
      );
      expect(sql).toBe(
        'SELECT t0.id FROM (SELECT * FROM "contacts" WHERE "tenant_id" = $1::uuid) t0 WHERE EXISTS (SELECT 1 FROM ' +
          '(SELECT * FROM "contact_phone_numbers" WHERE "tenant_id" = $1::uuid) p WHERE p.contact_id = t0.id AND p.phone_number = $2::text)',
      );
      expect(values).toEqual(['+1']);
    });

    it('refuses a table named in the text, a second statement, a model without tenant and a strange cast', () => {
      expect(() => reader.render(statement('SELECT id FROM contacts'))).toThrow(/reads a table by name/);
      expect(() => reader.render(statement('SELECT id FROM "contacts"'))).toThrow(/reads a table by name/);
      expect(() => reader.render(statement('SELECT 1 FROM ', table('Contact'), ' c JOIN contacts d ON TRUE'))).toThrow(
        /reads a table by name/,
      );
      expect(() => reader.render(statement('SELECT 1 FROM ', value('contacts')))).toThrow(/parameter/);
      expect(() => reader.render(statement('SELECT 1 FROM '))).toThrow(/names no table/);
      expect(() => reader.render(statement('SELECT 1; DELETE FROM ', table('Contact')))).toThrow(/one statement/);
      expect(() => reader.render(statement('SELECT 1 FROM ', table('Tenant')))).toThrow(/not a tenant-owned model/);
      expect(() => reader.render(statement('SELECT ', value('1', 'int; DROP')))).toThrow(/bad cast/);
      // A sub-select, a JSON key or a column named like a keyword is fine.
      expect(() =>
        reader.render(
          statement(text("SELECT json_build_object('from', 1) FROM (SELECT 1 FROM "), table('Contact'), ' c) k'),
        ),
      ).not.toThrow();
    });
  });

  describe('statement shapes', () => {
    it('renders a shape once: the same text and prepared statement for other values, another for another cast; a refused statement stays refused', async () => {
      const sent: { name?: string; text: string; values: unknown[] }[] = [];
      const reader = new TenantReader(
        {
          query: async (text: string, values: readonly unknown[], name?: string) => {
            sent.push({ name, text, values: [...values] });
            return [];
          },
        },
        TESTKIT_DATAMODEL,
      );
      const byName = (name: string, cast = 'text') =>
        statement('SELECT t0.id FROM ', table('Contact'), ' t0 WHERE t0.first_name = ', value(name, cast));
      await reader.read('t1', byName('a'));
      await reader.read('t2', byName('b'));
      await reader.read('t1', byName('c', 'varchar'));
      expect(sent.map(({ values }) => values)).toEqual([
        ['t1', 'a'],
        ['t2', 'b'],
        ['t1', 'c'],
      ]);
      expect(sent[1]).toMatchObject({ name: sent[0].name, text: sent[0].text });
      expect(sent[2].name).not.toBe(sent[0].name);
      expect(sent[2].text).toMatch(/\$2::varchar$/);
      const refused = statement('SELECT 1 FROM contacts WHERE id = ', value('x'));
      for (let attempt = 0; attempt < 2; attempt++) {
        await expect(reader.read('t1', refused)).rejects.toThrow(/reads a table by name/);
      }
      expect(sent).toHaveLength(3);
    });
  });

  describe('against PostgreSQL', () => {
    let database: TestDatabase;
    let prisma: TestkitClient;
    let reader: TenantReader;
    const tenants: Record<'mine' | 'theirs', string> = { mine: '', theirs: '' };
    const contacts: Record<'mine' | 'theirs', string> = { mine: '', theirs: '' };

    beforeAll(async () => {
      database = await createTestDatabase();
      prisma = createTestkitClient(database.url);
      reader = new TenantReader(
        prismaSqlExecutor(prisma as unknown as Parameters<typeof prismaSqlExecutor>[0]),
        TESTKIT_DATAMODEL,
      );
      for (const side of ['mine', 'theirs'] as const) {
        const tenant = await prisma.tenant.create({ data: { name: side } });
        tenants[side] = tenant.id;
        const contact = await prisma.contact.create({
          data: {
            tenantId: tenant.id,
            firstName: side,
            phoneNumbers: { create: [{ tenantId: tenant.id, phoneNumber: '+1' }] },
          },
        });
        contacts[side] = contact.id;
      }
      // A row of theirs pointing at my contact (a broken row): my reads must not see it either.
      await prisma.contactPhoneNumber.create({
        data: { tenantId: tenants.theirs, contactId: contacts.mine, phoneNumber: '+2' },
      });
    }, 120_000);

    afterAll(async () => {
      await prisma?.$disconnect();
      await database?.drop();
    });

    it('never returns another tenant’s rows, even when the statement asks for them', async () => {
      const all = await reader.read<{ id: string }>(
        tenants.mine,
        statement('SELECT t0.id FROM ', table('Contact'), ' t0'),
      );
      expect(all).toEqual([{ id: contacts.mine }]);
      const asked = await reader.read<{ id: string }>(
        tenants.mine,
        statement(
          'SELECT t0.id FROM ',
          table('Contact'),
          ' t0 WHERE t0.tenant_id = ',
          value(tenants.theirs, 'uuid'),
          ' OR TRUE',
        ),
      );
      expect(asked).toEqual([{ id: contacts.mine }]);
      const byId = await reader.read(
        tenants.mine,
        statement('SELECT t0.id FROM ', table('Contact'), ' t0 WHERE t0.id = ', value(contacts.theirs, 'uuid')),
      );
      expect(byId).toEqual([]);
    });

    it('refuses, before it runs, a statement that reaches a table past the text checks: a comma join, TABLE, a write', async () => {
      const refused = [
        // Another item of the FROM list, after a table piece or a sub-select, or after a join's condition.
        statement('SELECT c.id FROM ', table('Contact'), ' t0, contacts c'),
        statement('SELECT c.id FROM (SELECT 1) x, contacts c'),
        statement(
          'SELECT c.id FROM ',
          table('Contact'),
          ' t0 JOIN ',
          table('Contact'),
          ' u ON u.id = t0.id, contacts c',
        ),
        statement('SELECT c.id FROM (TABLE contacts) c'),
        // A write in a WITH, which needs no FROM, and SELECT … INTO, which makes a table.
        statement(
          "WITH u AS (UPDATE contacts SET last_name = 'x' RETURNING id) SELECT u.id FROM (SELECT 1) x JOIN u ON TRUE",
        ),
        statement('SELECT t0.id INTO copied FROM ', table('Contact'), ' t0'),
        // Text that PostgreSQL reads otherwise than a scan of plain literals does.
        statement('SELECT t0.id FROM ', table('Contact'), ' t0 /* , contacts c */'),
        statement('SELECT t0.id FROM ', table('Contact'), ' t0 -- , contacts c'),
        statement("SELECT $$ ' $$ AS a, c.id FROM ", table('Contact'), " t0, contacts c WHERE '' = ''"),
        statement("SELECT E'\\' ', c.id FROM ", table('Contact'), " t0, contacts c WHERE '' = ''"),
      ];
      for (const query of refused) {
        await expect(reader.read(tenants.mine, query)).rejects.toThrow(/TenantReader: /);
      }
      expect(await prisma.contact.findMany({ where: { lastName: 'x' } })).toEqual([]);
      // Commas of a select list, of a function call and of IN are no FROM items.
      expect(
        await reader.read(
          tenants.mine,
          statement(
            "SELECT t0.id, coalesce(t0.last_name, 'a, b') AS l FROM ",
            table('Contact'),
            ' t0 WHERE t0.first_name IN (',
            value('mine', 'text'),
            ", 'x') ORDER BY t0.id, 2",
          ),
        ),
      ).toEqual([{ id: contacts.mine, l: 'a, b' }]);
    });

    it('answers the same on a pg pool as on the client, each shape a prepared statement planned with its values', async () => {
      const pool = new Pool(poolConfig({ url: database.url, schema: 'testkit', poolMax: 1 }));
      try {
        const onPool = new TenantReader(pgSqlExecutor(pool), TESTKIT_DATAMODEL);
        const byId = (id: string) =>
          statement(
            "SELECT t0.id, t0.first_name AS name, json_build_object('id', t0.id) AS row, count(*) OVER ()::int AS n FROM ",
            table('Contact'),
            ' t0 WHERE t0.id = ',
            value(id, 'uuid'),
          );
        for (const side of ['mine', 'theirs'] as const) {
          for (const tenant of [tenants.mine, tenants.theirs]) {
            const query = byId(contacts[side]);
            expect(await onPool.read(tenant, query)).toEqual(await reader.read(tenant, query));
          }
        }
        expect(await onPool.read(tenants.mine, byId(contacts.mine))).toEqual([
          { id: contacts.mine, name: 'mine', row: { id: contacts.mine }, n: 1 },
        ]);
        const { rows } = await pool.query<{ statements: number; mode: string }>(
          "SELECT count(*)::int AS statements, current_setting('plan_cache_mode') AS mode FROM pg_prepared_statements",
        );
        expect(rows).toEqual([{ statements: 1, mode: 'force_custom_plan' }]);
      } finally {
        await pool.end();
      }
    });

    it('answers 503 with Retry-After when no connection of the pool comes in time', async () => {
      const pool = new Pool(poolConfig({ url: database.url, schema: 'testkit', poolMax: 1 }));
      // The pool's one connection is taken: the read waits for it, and gives up after 50 ms.
      const busy = await pool.connect();
      (pool.options as { connectionTimeoutMillis: number }).connectionTimeoutMillis = 50;
      try {
        const read = new TenantReader(pgSqlExecutor(pool), TESTKIT_DATAMODEL).read(
          tenants.mine,
          statement('SELECT t0.id FROM ', table('Contact'), ' t0'),
        );
        await expect(read).rejects.toMatchObject({ status: 503, headers: { 'Retry-After': '5' } });
      } finally {
        busy.release();
        await pool.end();
      }
    });

    it('scopes the tables of sub-selects and EXISTS too', async () => {
      const numbers = await reader.read<{ numbers: string[] }>(
        tenants.mine,
        statement(
          'SELECT (SELECT array_agg(p.phone_number ORDER BY p.phone_number) FROM ',
          table('ContactPhoneNumber'),
          ' p WHERE p.contact_id = t0.id) AS numbers FROM ',
          table('Contact'),
          ' t0',
        ),
      );
      expect(numbers).toEqual([{ numbers: ['+1'] }]);
      const withTheirNumber = await reader.read(
        tenants.mine,
        statement(
          'SELECT t0.id FROM ',
          table('Contact'),
          ' t0 WHERE EXISTS (SELECT 1 FROM ',
          table('ContactPhoneNumber'),
          " p WHERE p.contact_id = t0.id AND p.phone_number = '+2')",
        ),
      );
      expect(withTheirNumber).toEqual([]);
    });
  });
});
