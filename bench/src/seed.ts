/**
 * Deterministic bench data, written straight into the services' tables with SQL (as the
 * administrator): the Account Hub's tenants, roles, users, API keys (HMAC-SHA-256 under the
 * stack's pepper, as libs/auth hashes them) and subscriptions; the Phone System's read model of
 * them (tenants, users, user_settings) and its contacts (≈2 numbers, 1 email, every 4th an
 * address) and calls. Tenant 0 is the big one; the others are small. Ids are UUIDs built from a
 * kind and a number, so every run makes the same rows and the bench can name them.
 */
import { createHmac } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { Client } from 'pg';
import { SERVICES } from '@diallink/registry';

export interface SeedSize {
  /** Contacts of the big tenant (and calls: the same number). */
  bigContacts: number;
  smallTenants: number;
  smallContacts: number;
}

export function seedSize(scale: number): SeedSize {
  return {
    bigContacts: Math.round(1_000_000 * scale),
    smallTenants: 99,
    smallContacts: Math.max(10, Math.round(10_000 * scale)),
  };
}

export interface BenchUser {
  id: string;
  email: string;
  apiKey: string;
}

export interface BenchTenant {
  id: string;
  owner: BenchUser;
  member: BenchUser;
}

export interface Fixtures {
  size: SeedSize;
  big: BenchTenant;
  small: BenchTenant;
  /** Contacts of the big tenant its owner can see, spread over the table (for GET). */
  readIds: string[];
  /** Other visible contacts of the big tenant (for PATCH), apart from readIds. */
  patchIds: string[];
}

const ID_KIND = {
  tenant: 1,
  user: 2,
  role: 3,
  subscription: 4,
  apiKey: 5,
  keyLeft: 6,
  keyRight: 7,
  contact: 16,
  phone: 17,
  email: 18,
  address: 19,
  call: 20,
} as const;

/** A version-4-shaped UUID from a kind and a number (the SQL below builds the same). */
export function benchId(kind: keyof typeof ID_KIND, n: number): string {
  return `${ID_KIND[kind].toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export const FIRST_NAMES =
  `Sophia Ava Liam Noah Emma Olivia Mia Lucas Ethan Amelia Harper Evelyn Jack Leo Grace Chloe Ella
  Henry Owen Ivy Nora Zoe Aria Luna Caleb Isaac Ruby Hazel Aiden Elena Mateo Levi Julia Maya Ezra Iris Nina Omar Paul Quinn
  Rosa Sara Theo Uma Vera Wade Xena Yara Zane Anton`.split(/\s+/);
const LAST_NAMES =
  `Brooks Smith Jones Brown Garcia Miller Davis Wilson Moore Taylor Anderson Thomas Jackson White Harris
  Martin Thompson Young Allen King Wright Scott Green Baker Adams Nelson Hill Ramirez Campbell Mitchell Roberts Carter Phillips
  Evans Turner Torres Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Peterson Cooper Reed Bailey Bell`.split(
    /\s+/,
  );
const CITIES =
  `Springfield Portland Austin Denver Boston Chicago Seattle Miami Atlanta Dallas Phoenix Houston Berlin Paris
  Madrid Rome Vienna Prague Dublin Oslo`.split(/\s+/);
const AREA_CODES = [201, 212, 213, 305, 312, 404, 415, 503, 512, 602, 617, 646, 702, 717, 718, 773];

const INDUSTRIES = `AGRICULTURE AUTOMOTIVE CONSTRUCTION EDUCATION ENERGY ENTERTAINMENT FINANCIAL GOVERNMENT HEALTHCARE
  HOSPITALITY INSURANCE LEGAL MANUFACTURING MEDIA NONPROFIT REAL_ESTATE RETAIL TECHNOLOGY TELECOMMUNICATIONS
  TRANSPORTATION OTHER`.split(/\s+/);

/** Whether the big tenant's owner sees contact n: it is shared, or theirs (the member owns every 5th). */
export function visibleToOwner(n: number): boolean {
  return n % 5 !== 0 || n % 3 === 0;
}

function apiKeyOf(n: number): string {
  return `${benchId('keyLeft', n)}+${benchId('keyRight', n)}`;
}

function tenantFixture(t: number): BenchTenant {
  const user = (u: number): BenchUser => ({
    id: benchId('user', t * 2 + u),
    email: `${u === 0 ? 'owner' : 'member'}-${t}@bench.diallink.test`,
    apiKey: apiKeyOf(t * 2 + u),
  });
  return { id: benchId('tenant', t), owner: user(0), member: user(1) };
}

export function fixturesOf(size: SeedSize): Fixtures {
  const visible: number[] = [];
  // A fixed walk over the big tenant: ids spread over the whole table, none twice.
  const step = 7919;
  for (let k = 0; visible.length < 2000 && k < size.bigContacts; k++) {
    const n = (k * step) % size.bigContacts;
    if (visibleToOwner(n)) visible.push(n);
  }
  return {
    size,
    big: tenantFixture(0),
    small: tenantFixture(1),
    readIds: visible.filter((_, i) => i % 2 === 0).map((n) => benchId('contact', n)),
    patchIds: visible.filter((_, i) => i % 2 === 1).map((n) => benchId('contact', n)),
  };
}

const sqlList = (values: readonly (string | number)[]) =>
  `ARRAY[${values.map((v) => (typeof v === 'number' ? String(v) : `'${v}'`)).join(',')}]`;

/** The seeded tables' secondary indexes are dropped before the bulk insert and rebuilt after. */
const SEEDED_TABLES = ['contacts', 'contact_phone_numbers', 'contact_emails', 'contact_addresses', 'calls'];

export async function seed(
  admin: Client,
  size: SeedSize,
  pepper: string,
  log: (line: string) => void = () => undefined,
): Promise<Fixtures> {
  const tenants = 1 + size.smallTenants;
  const totalContacts = size.bigContacts + size.smallTenants * size.smallContacts;
  const products = SERVICES.flatMap((service) => (service.product ? [service.product.id as string] : []));
  const passwordHash = await hash('bench password');
  const keys = Array.from({ length: tenants * 2 }, (_, n) => ({
    id: benchId('apiKey', n),
    user: benchId('user', n),
    tenant: benchId('tenant', Math.floor(n / 2)),
    hash: createHmac('sha256', pepper).update(apiKeyOf(n), 'utf8').digest('hex'),
    lastFour: apiKeyOf(n).slice(-4),
  }));
  const step = async (label: string, sql: string, values: unknown[] = []) => {
    const started = Date.now();
    await admin.query(sql, values);
    log(`  ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };

  await admin.query("SET synchronous_commit = off; SET maintenance_work_mem = '512MB'");
  await admin.query(`CREATE OR REPLACE FUNCTION pg_temp.bench_id(kind int, n bigint) RETURNS uuid
    LANGUAGE sql IMMUTABLE AS $$ SELECT (lpad(to_hex(kind), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$`);
  const id = (kind: keyof typeof ID_KIND, n: string) => `pg_temp.bench_id(${ID_KIND[kind]}, ${n})`;
  const tenantOf = (n: string) =>
    `CASE WHEN ${n} < ${size.bigContacts} THEN 0 ELSE 1 + (${n} - ${size.bigContacts}) / ${size.smallContacts} END`;
  const at = (n: string, prime: number) =>
    `TIMESTAMPTZ '2025-01-01 00:00:00Z' + ((${n}::bigint * ${prime}) % 47304000) * INTERVAL '1 second'`;

  // Account Hub: tenants, built-in roles, an owner and a member each, their API keys, every product.
  await step(
    'account hub tenants and roles',
    `INSERT INTO account_hub.tenants (id, name, timezone, locale, revision, created_at, updated_at)
       SELECT ${id('tenant', 't')}, 'Bench Tenant ' || t, 'UTC', 'en-US', 1, TIMESTAMPTZ '2025-01-01Z', TIMESTAMPTZ '2025-01-01Z'
         FROM generate_series(0, ${tenants - 1}) t;
     INSERT INTO account_hub.roles (id, tenant_id, name, description, built_in, permissions, created_at, updated_at)
       SELECT ${id('role', 't * 4 + r - 1')}, ${id('tenant', 't')}, (${sqlList(ROLES)})[r], NULL, true, '{}',
              TIMESTAMPTZ '2025-01-01Z', TIMESTAMPTZ '2025-01-01Z'
         FROM generate_series(0, ${tenants - 1}) t, generate_series(1, 4) r;
     INSERT INTO account_hub.subscriptions (id, tenant_id, product, created_at)
       SELECT ${id('subscription', `t * 16 + p`)}, ${id('tenant', 't')}, (${sqlList(products)})[p], TIMESTAMPTZ '2025-01-01Z'
         FROM generate_series(0, ${tenants - 1}) t, generate_series(1, ${products.length}) p`,
  );
  await step(
    'account hub users',
    `INSERT INTO account_hub.users (id, tenant_id, email, password_hash, first_name, last_name, job_title, enabled, revision, created_at, updated_at)
       SELECT ${id('user', 'n')}, ${id('tenant', 'n / 2')},
              CASE WHEN n % 2 = 0 THEN 'owner-' ELSE 'member-' END || (n / 2) || '@bench.diallink.test', $1,
              CASE WHEN n % 2 = 0 THEN 'Olive' ELSE 'Mark' END, 'Bench' || (n / 2), NULL, true, 1,
              TIMESTAMPTZ '2025-01-01Z', TIMESTAMPTZ '2025-01-01Z'
         FROM generate_series(0, ${tenants * 2 - 1}) n`,
    [passwordHash],
  );
  await step(
    'account hub user roles',
    `INSERT INTO account_hub.user_roles (tenant_id, user_id, role_id)
       SELECT ${id('tenant', 'n / 2')}, ${id('user', 'n')}, ${id('role', '(n / 2) * 4 + CASE WHEN n % 2 = 0 THEN 0 ELSE 2 END')}
         FROM generate_series(0, ${tenants * 2 - 1}) n`,
  );
  await step(
    'account hub API keys',
    `INSERT INTO account_hub.api_keys (id, tenant_id, user_id, name, enabled, key_hash, last_four, expires_at, created_at, updated_at)
       SELECT k.id, k.tenant, k.user_id, 'bench', true, k.hash, k.last_four, TIMESTAMPTZ '2099-01-01Z', TIMESTAMPTZ '2025-01-01Z', TIMESTAMPTZ '2025-01-01Z'
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[]) AS k(id, tenant, user_id, hash, last_four)`,
    [
      keys.map((k) => k.id),
      keys.map((k) => k.tenant),
      keys.map((k) => k.user),
      keys.map((k) => k.hash),
      keys.map((k) => k.lastFour),
    ],
  );
  // The Phone System's read model of the same tenants and users, at the same revision.
  await step(
    'phone system read model',
    `INSERT INTO phone_system.tenants (id, name, timezone, products, revision, updated_at)
       SELECT ${id('tenant', 't')}, 'Bench Tenant ' || t, 'UTC', ${sqlList(products)}, 1, TIMESTAMPTZ '2025-01-01Z'
         FROM generate_series(0, ${tenants - 1}) t;
     INSERT INTO phone_system.users (id, tenant_id, email, first_name, last_name, job_title, enabled, admin, roles, revision, updated_at)
       SELECT ${id('user', 'n')}, ${id('tenant', 'n / 2')},
              CASE WHEN n % 2 = 0 THEN 'owner-' ELSE 'member-' END || (n / 2) || '@bench.diallink.test',
              CASE WHEN n % 2 = 0 THEN 'Olive' ELSE 'Mark' END, 'Bench' || (n / 2), NULL, true, n % 2 = 0,
              CASE WHEN n % 2 = 0 THEN ARRAY['owner'] ELSE ARRAY['member'] END, 1, TIMESTAMPTZ '2025-01-01Z'
         FROM generate_series(0, ${tenants * 2 - 1}) n;
     INSERT INTO phone_system.user_settings (user_id, tenant_id, presence, parallel_calls_enabled, updated_at)
       SELECT ${id('user', 'n')}, ${id('tenant', 'n / 2')}, 'OFFLINE', false, TIMESTAMPTZ '2025-01-01Z'
         FROM generate_series(0, ${tenants * 2 - 1}) n`,
  );

  const { rows: indexes } = await admin.query<{ name: string; definition: string }>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
      WHERE schemaname = 'phone_system' AND tablename = ANY($1) AND indexdef NOT LIKE 'CREATE UNIQUE%'`,
    [SEEDED_TABLES],
  );
  for (const index of indexes) await admin.query(`DROP INDEX phone_system.${admin.escapeIdentifier(index.name)}`);

  const owner = (n: string) => `${id('user', `(${tenantOf(n)}) * 2 + CASE WHEN ${n} % 5 = 0 THEN 1 ELSE 0 END`)}`;
  await step(
    `${totalContacts} contacts`,
    `INSERT INTO phone_system.contacts (id, tenant_id, owner_id, first_name, last_name, company_name, shared, favorite, type,
        industry, employee_count, annual_revenue, address_line1, address_line2, city, zip, country, created_at, updated_at)
     SELECT ${id('contact', 'n')}, ${id('tenant', tenantOf('n'))}, ${owner('n')},
            (${sqlList(FIRST_NAMES)})[1 + n % 50] || ((n / 50) % 1000),
            (${sqlList(LAST_NAMES)})[1 + (n / 7) % 50],
            CASE WHEN n % 3 = 0 THEN 'Company ' || (n % 5000) END,
            n % 3 = 0, n % 11 = 0,
            (ARRAY['EXTERNAL','INTERNAL','LEAD','CUSTOMER','PARTNER','VENDOR'])[1 + n % 6]::phone_system."ContactType",
            CASE WHEN n % 4 <> 0 THEN (${sqlList(INDUSTRIES)})[1 + n % 21]::phone_system."Industry" END,
            CASE WHEN n % 3 = 0 THEN (n % 5000)::int END,
            CASE WHEN n % 3 = 0 THEN ((n % 100000) * 12.5)::numeric(18, 2) END,
            CASE WHEN n % 3 = 0 THEN (n % 900 + 1) || ' Main Street' END, NULL,
            (${sqlList(CITIES)})[1 + n % 20], lpad((n % 99999)::text, 5, '0'),
            (ARRAY['US','US','US','DE','FR','GB','ES','IT'])[1 + n % 8],
            ${at('n', 7919)} - (n % 400) * INTERVAL '1 day', ${at('n', 7919)}
       FROM generate_series(0, ${totalContacts - 1}) n`,
  );
  await step(
    'phone numbers',
    `INSERT INTO phone_system.contact_phone_numbers (id, tenant_id, contact_id, type, phone_number, position)
     SELECT ${id('phone', 'n * 3 + j')}, ${id('tenant', tenantOf('n'))}, ${id('contact', 'n')},
            (ARRAY['WORK','MOBILE','HOME'])[1 + j]::phone_system."ContactPhoneNumberType",
            '+1' || (${sqlList(AREA_CODES)})[1 + (n * 3 + j) % 16] || (2000000 + ((n * 3 + j) / 16 * 37) % 8000000), j
       FROM generate_series(0, ${totalContacts - 1}) n, generate_series(0, 2) j
      WHERE j < CASE n % 10 WHEN 0 THEN 1 WHEN 1 THEN 3 ELSE 2 END`,
  );
  await step(
    'emails',
    `INSERT INTO phone_system.contact_emails (id, tenant_id, contact_id, type, email, position)
     SELECT ${id('email', 'n')}, ${id('tenant', tenantOf('n'))}, ${id('contact', 'n')}, 'WORK',
            'contact' || n || '@example.com', 0
       FROM generate_series(0, ${totalContacts - 1}) n`,
  );
  await step(
    'addresses',
    `INSERT INTO phone_system.contact_addresses (id, tenant_id, contact_id, type, address_line1, address_line2, city, state, zip, country, position)
     SELECT ${id('address', 'n')}, ${id('tenant', tenantOf('n'))}, ${id('contact', 'n')}, 'WORK',
            (n % 900 + 1) || ' Oak Avenue', NULL, (${sqlList(CITIES)})[1 + n % 20], 'CA', lpad((n % 99999)::text, 5, '0'), 'US', 0
       FROM generate_series(0, ${totalContacts - 1}, 4) n`,
  );
  await step(
    `${size.bigContacts} calls`,
    `INSERT INTO phone_system.calls (id, tenant_id, direction, status, from_number, to_number, contact_id, user_id, queue_id,
        started_at, answered_at, ended_at, duration_seconds, notes, tags, created_at, updated_at)
     SELECT ${id('call', 'm')}, ${id('tenant', '0')},
            (ARRAY['INBOUND','OUTBOUND','INTERNAL'])[1 + m % 3]::phone_system."CallDirection",
            (ARRAY['COMPLETED','COMPLETED','MISSED','VOICEMAIL','COMPLETED'])[1 + m % 5]::phone_system."CallStatus",
            CASE WHEN m % 3 = 0 THEN '+1617' || (2000000 + m % 8000000) ELSE '1001' END,
            CASE WHEN m % 3 = 1 THEN '+1617' || (2000000 + m % 8000000) ELSE '1002' END,
            CASE WHEN m % 3 <> 2 THEN ${id('contact', `(m * 31) % ${size.bigContacts}`)} END,
            ${id('user', '0')}, NULL,
            ${at('m', 104729)},
            CASE WHEN m % 5 IN (0, 1, 4) THEN ${at('m', 104729)} + INTERVAL '5 seconds' END,
            ${at('m', 104729)} + (5 + m % 600) * INTERVAL '1 second',
            CASE WHEN m % 5 IN (0, 1, 4) THEN (m % 600)::int END,
            CASE WHEN m % 7 = 0 THEN 'Call note ' || m END,
            CASE WHEN m % 4 = 0 THEN ARRAY['sales'] ELSE ARRAY[]::text[] END,
            ${at('m', 104729)}, ${at('m', 104729)}
       FROM generate_series(0, ${size.bigContacts - 1}) m`,
  );
  for (const index of indexes) await step(`index ${index.name}`, index.definition);
  for (const table of SEEDED_TABLES) await step(`vacuum analyze ${table}`, `VACUUM (ANALYZE) phone_system.${table}`);
  await step('analyze the rest', 'ANALYZE');
  return fixturesOf(size);
}
