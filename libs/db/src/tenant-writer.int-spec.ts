import { randomUUID } from 'node:crypto';
import {
  createTestDatabase,
  createTestkitClient,
  eventually,
  LOCK_WAITERS_SQL,
  TESTKIT_DATAMODEL,
  TestDatabase,
  TestkitClient,
} from '@diallink/testing';
import { Client, Pool } from 'pg';
import { pgSqlExecutor, prismaSqlExecutor, RawSqlStatement, TransactionalSqlExecutor } from './raw-sql';
import { TenantWriter } from './tenant-writer';

/** Statement pieces as `@diallink/query`'s `sql` makes them. */
const table = (model: string) => ({ table: model });
const value = (item: string, cast?: string) => (cast ? { value: item, cast } : { value: item });
const statement = (...parts: RawSqlStatement['parts']): RawSqlStatement => ({ parts });

describe('TenantWriter', () => {
  describe('what it runs', () => {
    const nothing: TransactionalSqlExecutor = { query: async () => [], transaction: (work) => work(nothing) };
    const writer = new TenantWriter(nothing, TESTKIT_DATAMODEL);
    const byId = (id: string) => statement('t0.id = ', value(id, 'uuid'));

    it('adds the tenant to an update’s WHERE and takes columns from the schema', () => {
      const { text, values } = writer.renderUpdate({
        model: 'Contact',
        alias: 't0',
        set: { firstName: 'Ann', lastName: null },
        where: byId('c1'),
        returning: statement(
          't0.id, (SELECT count(*) FROM ',
          table('ContactPhoneNumber'),
          ' p WHERE p.contact_id = t0.id) AS n',
        ),
      });
      expect(text).toBe(
        'UPDATE "contacts" AS t0 SET "first_name" = $2, "last_name" = $3 WHERE t0."tenant_id" = $1::uuid AND (t0.id = $4::uuid) ' +
          'RETURNING t0.id, (SELECT count(*) FROM (SELECT * FROM "contact_phone_numbers" WHERE "tenant_id" = $1::uuid) p WHERE p.contact_id = t0.id) AS n',
      );
      expect(values).toEqual(['Ann', null, 'c1']);
    });

    it('writes the tenant and the parent key of an insert itself, and reads the inserted rows back', () => {
      const { text, values } = writer.renderInsert(
        {
          model: 'Contact',
          values: { id: 'c1', firstName: 'Ann' },
          children: [{ model: 'ContactPhoneNumber', parentKey: 'contactId', rows: [{ id: 'p1', phoneNumber: '+1' }] }],
        },
        { alias: 't0', select: statement('t0.id, (SELECT count(*) FROM ', table('ContactPhoneNumber'), ' p) AS n') },
      );
      expect(text).toBe(
        'WITH "w0" AS (INSERT INTO "contacts" ("tenant_id", "id", "first_name") VALUES ($1::uuid, $2, $3) RETURNING *), ' +
          '"w1" AS (INSERT INTO "contact_phone_numbers" ("tenant_id", "contact_id", "id", "phone_number") ' +
          'VALUES ($1::uuid, (SELECT "id" FROM "w0"), $4, $5) RETURNING *) ' +
          'SELECT t0.id, (SELECT count(*) FROM "w1" p) AS n FROM "w0" AS t0',
      );
      expect(values).toEqual(['c1', 'Ann', 'p1', '+1']);
    });

    it('refuses a tenant or parent key from the caller, unknown fields, tables by name, writes and a way out of its WHERE', () => {
      const update = (set: Record<string, string>, where: RawSqlStatement, returning = statement('t0.id')) =>
        writer.renderUpdate({ model: 'Contact', alias: 't0', set, where, returning });
      expect(() => update({ tenantId: randomUUID() }, byId('c1'))).toThrow(/writer’s to set|writer's to set/);
      expect(() => update({ phoneNumbers: 'x' }, byId('c1'))).toThrow(/no column field/);
      expect(() => update({ nope: 'x' }, byId('c1'))).toThrow(/no column field/);
      expect(() => update({}, byId('c1'))).toThrow(/at least one field/);
      expect(() => update({ firstName: 'x' }, statement('TRUE) OR (TRUE'))).toThrow(/did not open/);
      expect(() => update({ firstName: 'x' }, statement('(TRUE'))).toThrow(/open/);
      expect(() => update({ firstName: 'x' }, statement('t0.id IN (SELECT id FROM contacts)'))).toThrow(/by name/);
      expect(() => update({ firstName: 'x' }, statement('TRUE; DELETE FROM ', table('Contact')))).toThrow(
        /one statement/,
      );
      expect(() =>
        update(
          { firstName: 'x' },
          byId('c1'),
          statement('(WITH d AS (DELETE FROM ', table('Contact'), ' RETURNING 1) SELECT 1)'),
        ),
      ).toThrow(/writes/);
      expect(() =>
        writer.renderUpdate({
          model: 'Tenant',
          alias: 't0',
          set: { name: 'x' },
          where: byId('c1'),
          returning: statement('1'),
        }),
      ).toThrow(/not a tenant-owned model/);
      expect(() =>
        writer.renderInsert(
          {
            model: 'Contact',
            values: { id: 'c1' },
            children: [
              { model: 'ContactPhoneNumber', parentKey: 'contactId', rows: [{ contactId: 'c2', phoneNumber: '+1' }] },
            ],
          },
          { alias: 't0', select: statement('t0.id') },
        ),
      ).toThrow(/set by the writer/);
      expect(() =>
        writer.renderInsert(
          {
            model: 'Contact',
            values: { id: 'c1' },
            children: [
              {
                model: 'ContactPhoneNumber',
                parentKey: 'contactId',
                rows: [{ phoneNumber: '+1' }, { id: 'p', phoneNumber: '+2' }],
              },
            ],
          },
          { alias: 't0', select: statement('t0.id') },
        ),
      ).toThrow(/same fields/);
      // A string literal or a JSON key like a keyword is fine.
      expect(() =>
        update({ firstName: 'x' }, statement("t0.first_name <> ')' AND t0.first_name <> 'update'")),
      ).not.toThrow();
    });
  });

  describe.each(['prisma', 'pg'] as const)('against PostgreSQL, on %s', (on) => {
    let database: TestDatabase;
    let prisma: TestkitClient;
    let pool: Pool;
    let writer: TenantWriter;
    const tenants: Record<'mine' | 'theirs', string> = { mine: '', theirs: '' };
    const contacts: Record<'mine' | 'theirs', string> = { mine: '', theirs: '' };

    beforeAll(async () => {
      database = await createTestDatabase();
      prisma = createTestkitClient(database.url);
      pool = new Pool({ connectionString: database.url, max: 2, options: '-c search_path=testkit' });
      writer = new TenantWriter(
        on === 'pg'
          ? pgSqlExecutor(pool)
          : prismaSqlExecutor(prisma as unknown as Parameters<typeof prismaSqlExecutor>[0]),
        TESTKIT_DATAMODEL,
      );
      for (const side of ['mine', 'theirs'] as const) {
        const tenant = await prisma.tenant.create({ data: { name: side } });
        tenants[side] = tenant.id;
        const contact = await prisma.contact.create({ data: { tenantId: tenant.id, firstName: side } });
        contacts[side] = contact.id;
      }
    }, 120_000);

    afterAll(async () => {
      await prisma?.$disconnect();
      await pool?.end();
      await database?.drop();
    });

    it('updates the tenant’s rows only, whatever the conditions ask', async () => {
      const updated = await writer.forTenant(tenants.mine).update<{ id: string }>({
        model: 'Contact',
        alias: 't0',
        set: { lastName: 'Changed' },
        where: statement('t0.id = ', value(contacts.theirs, 'uuid'), ' OR TRUE'),
        returning: statement('t0.id'),
      });
      expect(updated).toEqual([{ id: contacts.mine }]);
      expect(await prisma.contact.findUnique({ where: { id: contacts.theirs } })).toMatchObject({ lastName: null });
      const theirs = await writer.forTenant(tenants.mine).update({
        model: 'Contact',
        alias: 't0',
        set: { lastName: 'Changed' },
        where: statement('t0.id = ', value(contacts.theirs, 'uuid')),
        returning: statement('t0.id'),
      });
      expect(theirs).toEqual([]);
      // Parentheses in a comment, a quoted name or a dollar quote count for nothing in SQL.
      for (const where of [
        '/* ( */ TRUE) OR (TRUE /* ) */',
        '"(" IS NULL OR TRUE) OR (TRUE OR ")" IS NULL',
        '$$ ( $$ IS NOT NULL) OR ($$ ) $$ IS NOT NULL',
      ]) {
        await expect(async () =>
          writer.forTenant(tenants.mine).update({
            model: 'Contact',
            alias: 't0',
            set: { lastName: 'Escaped' },
            where: statement(where),
            returning: statement('t0.id'),
          }),
        ).rejects.toThrow(/TenantWriter: /);
      }
      expect(await prisma.contact.findUnique({ where: { id: contacts.theirs } })).toMatchObject({ lastName: null });
    });

    it('onlyAsOfSnapshot: leaves a row changed while it waited for it, and takes a row only locked meanwhile', async () => {
      const other = new Client({ connectionString: database.url, options: '-c search_path=testkit' });
      await other.connect();
      /** The update, started while `other` holds the row, once it waits for it; then `release` ends `other`'s hold. */
      const updateWhileHeld = async (hold: string, release: string) => {
        await other.query('BEGIN');
        await other.query(hold, [contacts.mine]);
        const updating = writer.forTenant(tenants.mine).update<{ id: string }>({
          model: 'Contact',
          alias: 't0',
          set: { companyName: 'As of snapshot' },
          where: statement('t0.id = ', value(contacts.mine, 'uuid')),
          returning: statement('t0.id'),
          onlyAsOfSnapshot: true,
        });
        // Waits for the state (the update blocked on the row), not for a time.
        await eventually(20_000, async () => {
          const { rows } = await other.query<{ waiting: number }>(LOCK_WAITERS_SQL);
          return rows[0].waiting > 0;
        });
        await other.query(release);
        return updating;
      };
      try {
        const changed = await updateWhileHeld('UPDATE contacts SET last_name = last_name WHERE id = $1', 'COMMIT');
        expect(changed).toEqual([]);
        expect(await prisma.contact.findUnique({ where: { id: contacts.mine } })).toMatchObject({ companyName: null });

        const locked = await updateWhileHeld('SELECT id FROM contacts WHERE id = $1 FOR UPDATE', 'COMMIT');
        expect(locked).toEqual([{ id: contacts.mine }]);
        expect(await prisma.contact.findUnique({ where: { id: contacts.mine } })).toMatchObject({
          companyName: 'As of snapshot',
        });
      } finally {
        await other.end();
      }
    });

    it('inserts a row and its children as the tenant’s, linked to each other, in one statement', async () => {
      const id = randomUUID();
      const [row] = await writer.forTenant(tenants.mine).insert<{ id: string; numbers: string[] }>(
        {
          model: 'Contact',
          values: { id, firstName: 'New' },
          children: [
            {
              model: 'ContactPhoneNumber',
              parentKey: 'contactId',
              rows: [
                { id: randomUUID(), phoneNumber: '+1' },
                { id: randomUUID(), phoneNumber: '+2' },
              ],
            },
          ],
        },
        {
          alias: 't0',
          select: statement(
            't0.id, (SELECT array_agg(p.phone_number ORDER BY p.phone_number) FROM ',
            table('ContactPhoneNumber'),
            ' p WHERE p.contact_id = t0.id) AS numbers',
          ),
        },
      );
      expect(row).toEqual({ id, numbers: ['+1', '+2'] });
      expect(
        await prisma.contactPhoneNumber.findMany({ where: { contactId: id }, orderBy: { phoneNumber: 'asc' } }),
      ).toEqual([
        expect.objectContaining({ tenantId: tenants.mine, phoneNumber: '+1' }),
        expect.objectContaining({ tenantId: tenants.mine, phoneNumber: '+2' }),
      ]);
      expect(await prisma.contact.findUnique({ where: { id } })).toMatchObject({ tenantId: tenants.mine });
    });

    it('keeps a transaction’s statements together: a failure rolls every one back', async () => {
      const id = randomUUID();
      await expect(
        writer.transaction(tenants.mine, async (tx) => {
          await tx.advisoryLock('k:1', 'k:2');
          await tx.insert(
            { model: 'Contact', values: { id, firstName: 'Gone' } },
            { alias: 't0', select: statement('t0.id') },
          );
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await prisma.contact.findUnique({ where: { id } })).toBeNull();
    });

    (on === 'pg' ? it : it.skip)(
      'survives its connection being ended between two statements: the transaction fails, the process and the pool go on',
      async () => {
        const executor = pgSqlExecutor(pool);
        await expect(
          executor.transaction(async (tx) => {
            const [{ pid }] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', []);
            await prisma.$queryRawUnsafe('SELECT pg_terminate_backend($1)', pid);
            // The server's goodbye reaches the connection while none of its statements runs: an
            // `error` event, which would end the process if nobody listened.
            while (
              await prisma
                .$queryRawUnsafe<unknown[]>('SELECT 1 FROM pg_stat_activity WHERE pid = $1', pid)
                .then((r) => r.length > 0)
            )
              await new Promise((resolve) => setTimeout(resolve, 20));
            await new Promise((resolve) => setTimeout(resolve, 50));
            await tx.query('SELECT 1', []);
          }),
        ).rejects.toThrow();
        expect(await executor.query<{ one: number }>('SELECT 1 AS one', [])).toEqual([{ one: 1 }]);
      },
    );

    (on === 'pg' ? it : it.skip)(
      'ends a transaction whose statement runs, or which idles, past its limit (as Prisma’s do), and the pool goes on',
      async () => {
        const executor = pgSqlExecutor(pool, 100);
        await expect(executor.transaction((tx) => tx.query('SELECT pg_sleep(3)::text', []))).rejects.toThrow(
          /statement timeout/,
        );
        // Idle between two statements for 30 times the limit: the server has ended it long before.
        await expect(
          executor.transaction(async (tx) => {
            await tx.query('SELECT 1', []);
            await new Promise((resolve) => setTimeout(resolve, 3_000));
            await tx.query('SELECT 1', []);
          }),
        ).rejects.toThrow();
        // The limits were the transaction's only: the pool's connections run longer statements.
        expect(await executor.query<{ slept: string }>('SELECT pg_sleep(0.3)::text AS slept', [])).toEqual([
          { slept: '' },
        ]);
        expect(await executor.transaction((tx) => tx.query<{ one: number }>('SELECT 1 AS one', []))).toEqual([
          { one: 1 },
        ]);
      },
    );
  });
});
