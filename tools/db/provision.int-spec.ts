import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { SERVICE_NAMES } from '../../libs/registry/src';
import { createTestDatabase, TestDatabase } from '../../libs/testing/src/test-database';
import { TEST_ROLE_PASSWORD, TEST_ROLE_PREFIX, TEST_SERVER_URL } from '../../libs/testing/src/test-env';
import { eventually } from '../../libs/testing/src/eventually';
import { startAccountHub } from '../../apps/account-hub/src/testing/account-hub.fixture';
import { startPhoneSystem } from '../../apps/phone-system/src/testing/phone-system.fixture';
import { TEST_EVENT_BUS } from '../testing/global-setup';
import { applyMigrations } from './schema-engine';
import { PRISMA_DIR, SERVICE_SCHEMAS } from './service-schemas';
import { setUpDatabase } from './provision';

async function query<T = Record<string, unknown>>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('each service’s database role', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it.each(SERVICE_SCHEMAS.map((target) => [target.service, target] as const))(
    'of %s connects as itself and cannot read another service’s tables (PostgreSQL refuses)',
    async (service, own) => {
      const url = database.serviceUrl(service as (typeof SERVICE_NAMES)[number]);
      const [{ current_user }] = await query<{ current_user: string }>(url, 'SELECT current_user');
      expect(current_user).toBe(new URL(url).username);
      await expect(query(url, 'SELECT count(*) FROM outbox')).resolves.toHaveLength(1);
      for (const other of SERVICE_SCHEMAS.filter((candidate) => candidate !== own)) {
        await expect(query(url, `SELECT count(*) FROM ${other.schema}.outbox`)).rejects.toMatchObject({
          code: '42501',
        });
      }
      // The one exception: the Account Hub's credential views, read by every guard.
      await expect(query(url, 'SELECT count(*) FROM credentials.principals')).resolves.toHaveLength(1);
      if (service !== 'account-hub') {
        await expect(query(url, 'SELECT count(*) FROM account_hub.users')).rejects.toMatchObject({ code: '42501' });
        await expect(query(url, 'SELECT password_hash FROM credentials.principals')).rejects.toMatchObject({
          code: '42703',
        });
      }
    },
  );
});

/**
 * A database of the single-schema layout (everything in public, as the first two migrations
 * made it), with rows in it, moved forward by provisioning: no row lost, each service's tables in
 * its schema; then the Phone System asks the Account Hub for a replay and its read model learns
 * every user, and what referred to a user deleted before the split no longer points at nobody.
 */
describe('moving a database of the single-schema layout forward', () => {
  const name = `diallink_legacy_${randomUUID().slice(0, 8)}`;
  let adminUrl: string;
  const ids = {
    tenant: randomUUID(),
    owner: randomUUID(),
    member: randomUUID(),
    gone: randomUUID(),
    ownerRole: randomUUID(),
    memberRole: randomUUID(),
    contact: randomUUID(),
    goneContact: randomUUID(),
    number: randomUUID(),
  };

  beforeAll(async () => {
    const server = process.env[TEST_SERVER_URL] as string;
    await query(server, `CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    adminUrl = url.toString();
    const legacy = {
      service: 'single-schema',
      schema: 'public',
      // The engine wants a schema to start; applying migrations does not compare with it.
      schemaDir: path.join(PRISMA_DIR, 'account-hub'),
      migrationsDir: path.join(PRISMA_DIR, 'legacy/single-schema'),
    };
    await applyMigrations(adminUrl, legacy);
    const t = ids.tenant;
    await query(
      adminUrl,
      `INSERT INTO tenants (id, name, updated_at) VALUES ('${t}', 'Legacy Ltd', now());
       INSERT INTO roles (id, tenant_id, name, built_in, permissions, updated_at) VALUES
         ('${ids.ownerRole}', '${t}', 'owner', true, '{}', now()), ('${ids.memberRole}', '${t}', 'member', true, '{}', now());
       INSERT INTO users (id, tenant_id, email, password_hash, first_name, last_name, updated_at) VALUES
         ('${ids.owner}', '${t}', 'owner@legacy.test', '!', 'Olga', 'Owner', now()),
         ('${ids.member}', '${t}', 'member@legacy.test', '!', 'Max', 'Member', now());
       INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES ('${t}', '${ids.owner}', '${ids.ownerRole}'), ('${t}', '${ids.member}', '${ids.memberRole}');
       INSERT INTO subscriptions (id, tenant_id, product) VALUES ('${randomUUID()}', '${t}', 'PHONE_SYSTEM');
       INSERT INTO api_keys (id, tenant_id, user_id, name, key_hash, last_four, expires_at, updated_at)
         VALUES ('${randomUUID()}', '${t}', '${ids.owner}', 'key', 'hash-${randomUUID()}', 'abcd', now() + interval '1 year', now());
       INSERT INTO phone_user_settings (user_id, tenant_id, presence, updated_at) VALUES ('${ids.member}', '${t}', 'BUSY', now());
       INSERT INTO contacts (id, tenant_id, owner_id, first_name, updated_at) VALUES
         ('${ids.contact}', '${t}', '${ids.member}', 'Kept', now()),
         ('${ids.goneContact}', '${t}', '${ids.gone}', 'Orphan', now());
       INSERT INTO phone_numbers (id, tenant_id, number, capabilities, route_type, route_target_id, updated_at)
         VALUES ('${ids.number}', '${t}', '+4930${Date.now() % 1_000_000_000}', '{VOICE}', 'USER', '${ids.gone}', now());`,
    );
  });

  afterAll(async () => {
    await query(process.env[TEST_SERVER_URL] as string, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('keeps every row, in the services’ schemas, and records each service’s history', async () => {
    const applied = await setUpDatabase({
      adminUrl,
      rolePrefix: process.env[TEST_ROLE_PREFIX],
      passwordOf: () => process.env[TEST_ROLE_PASSWORD] as string,
      eventBus: TEST_EVENT_BUS,
    });
    // The baselines were recorded, not run again; what came after them ran.
    expect(applied).toContain('account-hub/20261201120000_events_and_credentials');
    expect(applied).toContain('phone-system/20261201120000_user_read_model');
    expect(applied).not.toContain('account-hub/20261125132132_baseline');
    expect(await query(adminUrl, "SELECT to_regclass('public.tenants') AS t")).toEqual([{ t: null }]);
    expect(await query(adminUrl, 'SELECT id, name, revision FROM account_hub.tenants')).toEqual([
      { id: ids.tenant, name: 'Legacy Ltd', revision: 1 },
    ]);
    expect(await query(adminUrl, 'SELECT product FROM account_hub.subscriptions')).toEqual([
      { product: 'PHONE_SYSTEM' },
    ]);
    expect((await query(adminUrl, 'SELECT id FROM account_hub.users ORDER BY email')).map((row) => row.id)).toEqual([
      ids.member,
      ids.owner,
    ]);
    expect(await query(adminUrl, 'SELECT user_id, presence FROM phone_system.user_settings')).toEqual([
      { user_id: ids.member, presence: 'BUSY' },
    ]);
    expect(await query(adminUrl, 'SELECT count(*)::int AS n FROM phone_system.contacts')).toEqual([{ n: 2 }]);
    const owners = await query<{ tableowner: string }>(
      adminUrl,
      "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'phone_system'",
    );
    expect(owners.map((row) => row.tableowner)).toEqual([`${process.env[TEST_ROLE_PREFIX]}diallink_phone_system`]);
    // A second run finds nothing to move and nothing to apply.
    await expect(
      setUpDatabase({
        adminUrl,
        rolePrefix: process.env[TEST_ROLE_PREFIX],
        passwordOf: () => process.env[TEST_ROLE_PASSWORD] as string,
        eventBus: TEST_EVENT_BUS,
      }),
    ).resolves.toEqual([]);
  });

  it('then fills the Phone System’s read model by a replay, and applies the deleted-user rule to what pointed at nobody', async () => {
    const hub = await startAccountHub({ DATABASE_URL: adminUrl, EVENTS_POLL_MS: '200' });
    const phone = await startPhoneSystem({ DATABASE_URL: adminUrl, EVENTS_POLL_MS: '200' });
    try {
      await eventually(30_000, async () => {
        const rows = await query<{ completed_at: Date | null }>(
          adminUrl,
          "SELECT completed_at FROM phone_system.event_sources WHERE producer = 'account-hub'",
        );
        return rows.length === 1 && rows[0].completed_at !== null;
      });
      const users = await query(
        adminUrl,
        'SELECT id, first_name, enabled, admin, revision FROM phone_system.users WHERE deleted_at IS NULL ORDER BY first_name',
      );
      expect(users).toEqual([
        { id: ids.member, first_name: 'Max', enabled: true, admin: false, revision: 1 },
        { id: ids.owner, first_name: 'Olga', enabled: true, admin: true, revision: 1 },
      ]);
      // Max's settings survived the move; the user deleted before the split left a contact and a route.
      expect(
        await query(adminUrl, `SELECT presence FROM phone_system.user_settings WHERE user_id = '${ids.member}'`),
      ).toEqual([{ presence: 'BUSY' }]);
      expect(
        await query(adminUrl, `SELECT owner_id, shared FROM phone_system.contacts WHERE id = '${ids.goneContact}'`),
      ).toEqual([{ owner_id: null, shared: true }]);
      expect(
        await query(adminUrl, `SELECT owner_id, shared FROM phone_system.contacts WHERE id = '${ids.contact}'`),
      ).toEqual([{ owner_id: ids.member, shared: false }]);
      expect(
        await query(
          adminUrl,
          `SELECT route_type, route_target_id FROM phone_system.phone_numbers WHERE id = '${ids.number}'`,
        ),
      ).toEqual([{ route_type: 'UNASSIGNED', route_target_id: null }]);
    } finally {
      await phone.close();
      await hub.close();
    }
  });
});
