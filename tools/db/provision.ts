/**
 * Sets a database up for the services, as an administrator (a superuser, or a role that may
 * create roles and owns the database), idempotently:
 *
 * 1. one login role per service (`diallink_<schema>`, prefixed per run in tests: roles are
 *    cluster-wide), which owns that service's schema and nothing else;
 * 2. the schemas: each service's, `credentials` (the Account Hub's published credential views)
 *    and `event_bus` (pg-boss's tables, owned by the NOLOGIN role `diallink_event_bus`);
 * 3. a database of the single-schema layout moved forward (prisma/legacy);
 * 4. the extensions the migrations use (pg_trgm, in `public`), then each service's migrations,
 *    applied as its own role so that it owns what they create;
 * 5. grants: every service reads the credential views, and uses the event bus's tables;
 * 6. the event bus: pg-boss installed, and a queue per subscribing service (with its dead-letter
 *    queue) and per publishing service (replay requests).
 *
 * A service's role has no right on another's schema: PostgreSQL itself refuses a stray query.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { loadRegistry } from '../registry/registry-source';
import { ensureExtensions } from './extensions';
import { applyMigrations, markMigrationApplied } from './schema-engine';
import { PRISMA_DIR, SERVICE_SCHEMAS, ServiceSchema, serviceSchema } from './service-schemas';

export const CREDENTIALS_SCHEMA = 'credentials';
export const EVENT_BUS_SCHEMA = 'event_bus';

export interface EventBusSettings {
  /** Attempts after the first before a delivery goes to the dead-letter list. */
  retryLimit: number;
  /** Seconds before the first retry; doubles with each (with jitter). */
  retryDelaySeconds: number;
  /** A delivery still active after this long (its consumer died) is failed and retried. */
  deliveryTimeoutSeconds: number;
  /** Days a dead letter is kept for an operator to read and replay. */
  deadLetterRetentionDays: number;
}

export const DEFAULT_EVENT_BUS: EventBusSettings = {
  retryLimit: 5,
  retryDelaySeconds: 2,
  deliveryTimeoutSeconds: 60,
  deadLetterRetentionDays: 30,
};

export interface ProvisionOptions {
  /** An administrator's connection to the database. */
  adminUrl: string;
  /** Prefix of every role name (tests: one per run, since roles are cluster-wide). */
  rolePrefix?: string;
  /** The password of each service's login role. */
  passwordOf(service: string): string;
  eventBus?: Partial<EventBusSettings>;
  log?: (line: string) => void;
}

export function serviceRole(service: string, rolePrefix = ''): string {
  return `${rolePrefix}diallink_${serviceSchema(service).schema}`;
}

export function eventBusRole(rolePrefix = ''): string {
  return `${rolePrefix}diallink_${EVENT_BUS_SCHEMA}`;
}

/** The connection of a service: the administrator's server and database, the service's role. */
export function serviceDatabaseUrl(adminUrl: string, service: string, password: string, rolePrefix = ''): string {
  const url = new URL(adminUrl);
  url.username = serviceRole(service, rolePrefix);
  url.password = password;
  return url.toString();
}

/** Queue names of the event bus (libs/events uses the same rule). */
export const queues = {
  events: (service: string) => `${service}.events`,
  deadLetters: (service: string) => `${service}.events.dead`,
  replays: (service: string) => `${service}.replays`,
};

/** Any fixed number: provisioning of one database runs one at a time. */
const PROVISION_LOCK = 727_002;

const LEGACY_SPLIT = path.join(PRISMA_DIR, 'legacy/split-into-service-schemas.sql');
/** The baseline migration of each service whose tables the single-schema layout held. */
const LEGACY_BASELINES: Record<string, string> = {
  'account-hub': '20261125132132_baseline',
  'phone-system': '20261125134130_baseline',
};

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

const ident = (client: Client, name: string) => client.escapeIdentifier(name);
const literal = (client: Client, value: string) => client.escapeLiteral(value);

async function roleExists(client: Client, role: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  return (rowCount ?? 0) > 0;
}

async function ensureLoginRole(client: Client, role: string, password: string, schema: string): Promise<void> {
  const verb = (await roleExists(client, role)) ? 'ALTER' : 'CREATE';
  await client.query(
    `${verb} ROLE ${ident(client, role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${literal(client, password)}`,
  );
  await client.query(`ALTER ROLE ${ident(client, role)} SET search_path TO ${ident(client, schema)}`);
}

async function ensureSchema(client: Client, schema: string, owner: string): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(client, schema)} AUTHORIZATION ${ident(client, owner)}`);
  await client.query(`ALTER SCHEMA ${ident(client, schema)} OWNER TO ${ident(client, owner)}`);
  await client.query(`REVOKE ALL ON SCHEMA ${ident(client, schema)} FROM PUBLIC`);
}

/** Gives every table, view, sequence and type of `schema` to `owner` (after the legacy move). */
async function giveSchemaTo(client: Client, schema: string, owner: string): Promise<void> {
  const relations = await client.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(c.relowner) <> $2`,
    [schema, owner],
  );
  for (const { name, kind } of relations.rows) {
    const what = kind === 'v' ? 'VIEW' : kind === 'm' ? 'MATERIALIZED VIEW' : kind === 'S' ? 'SEQUENCE' : 'TABLE';
    await client.query(
      `ALTER ${what} ${ident(client, schema)}.${ident(client, name)} OWNER TO ${ident(client, owner)}`,
    );
  }
  const types = await client.query<{ name: string }>(
    `SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND t.typtype = 'e' AND pg_get_userbyid(t.typowner) <> $2`,
    [schema, owner],
  );
  for (const { name } of types.rows) {
    await client.query(`ALTER TYPE ${ident(client, schema)}.${ident(client, name)} OWNER TO ${ident(client, owner)}`);
  }
}

/** True when the database still has the single-schema layout: tables in public, one history. */
async function isSingleSchemaLayout(client: Client): Promise<boolean> {
  const { rows } = await client.query<{ tenants: string | null; history: string | null }>(
    "SELECT to_regclass('public.tenants') AS tenants, to_regclass('public._prisma_migrations') AS history",
  );
  return rows[0].tenants !== null && rows[0].history !== null;
}

async function moveSingleSchemaLayout(
  client: Client,
  options: ProvisionOptions,
  log: (line: string) => void,
): Promise<void> {
  log('moving the single-schema layout into the services’ schemas (prisma/legacy)');
  await client.query('BEGIN');
  try {
    await client.query(readFileSync(LEGACY_SPLIT, 'utf8'));
    for (const service of Object.keys(LEGACY_BASELINES)) {
      await giveSchemaTo(client, serviceSchema(service).schema, serviceRole(service, options.rolePrefix));
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  for (const [service, baseline] of Object.entries(LEGACY_BASELINES)) {
    await markMigrationApplied(
      options.adminUrl,
      serviceSchema(service),
      baseline,
      serviceRole(service, options.rolePrefix),
    );
  }
}

async function grant(client: Client, options: ProvisionOptions, targets: readonly ServiceSchema[]): Promise<void> {
  const accountHub = serviceRole('account-hub', options.rolePrefix);
  const bus = eventBusRole(options.rolePrefix);
  for (const target of targets) {
    const role = ident(client, serviceRole(target.service, options.rolePrefix));
    if (target.service !== 'account-hub') {
      await client.query(`GRANT USAGE ON SCHEMA ${CREDENTIALS_SCHEMA} TO ${role}`);
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${CREDENTIALS_SCHEMA} TO ${role}`);
      await client.query(
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(client, accountHub)} IN SCHEMA ${CREDENTIALS_SCHEMA} GRANT SELECT ON TABLES TO ${role}`,
      );
    }
    await client.query(`GRANT USAGE ON SCHEMA ${EVENT_BUS_SCHEMA} TO ${role}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${EVENT_BUS_SCHEMA} TO ${role}`);
    await client.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(client, bus)} IN SCHEMA ${EVENT_BUS_SCHEMA} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    );
  }
}

/** pg-boss's tables in `event_bus`, made by its owner role, and the services' queues. */
async function installEventBus(client: Client, options: ProvisionOptions, settings: EventBusSettings): Promise<void> {
  const owner = eventBusRole(options.rolePrefix);
  const database = ident(client, new URL(options.adminUrl).pathname.slice(1) || 'postgres');
  // pg-boss runs `CREATE SCHEMA IF NOT EXISTS`, which needs this right even when the schema exists.
  await client.query(`GRANT CREATE ON DATABASE ${database} TO ${ident(client, owner)}`);
  const boss = new PgBoss({
    connectionString: options.adminUrl,
    schema: EVENT_BUS_SCHEMA,
    max: 2,
    options: `-c role=${owner}`,
    supervise: false,
    schedule: false,
  } as ConstructorParameters<typeof PgBoss>[0]);
  boss.on('error', () => undefined);
  try {
    await boss.start();
    const { services } = loadRegistry();
    for (const service of services) {
      if (service.subscribes.length > 0) {
        const deadLetters = queues.deadLetters(service.name);
        const dead = { retentionMinutes: settings.deadLetterRetentionDays * 24 * 60 };
        await boss.createQueue(deadLetters, { name: deadLetters, ...dead });
        await boss.updateQueue(deadLetters, { name: deadLetters, ...dead });
        const events = {
          retryLimit: settings.retryLimit,
          retryDelay: settings.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: settings.deliveryTimeoutSeconds,
          deadLetter: deadLetters,
        };
        await boss.createQueue(queues.events(service.name), { name: queues.events(service.name), ...events });
        await boss.updateQueue(queues.events(service.name), { name: queues.events(service.name), ...events });
      }
      if (service.publishes.length > 0) {
        const replays = { retryLimit: settings.retryLimit, retryDelay: settings.retryDelaySeconds, retryBackoff: true };
        await boss.createQueue(queues.replays(service.name), { name: queues.replays(service.name), ...replays });
        await boss.updateQueue(queues.replays(service.name), { name: queues.replays(service.name), ...replays });
      }
    }
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await client.query(`REVOKE CREATE ON DATABASE ${database} FROM ${ident(client, owner)}`);
  }
}

/** Provisions and migrates; returns the names of the migrations applied (`<service>/<name>`). */
export async function setUpDatabase(options: ProvisionOptions): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  const settings = { ...DEFAULT_EVENT_BUS, ...options.eventBus };
  const client = await connect(options.adminUrl);
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PROVISION_LOCK]);
    for (const target of SERVICE_SCHEMAS) {
      const role = serviceRole(target.service, options.rolePrefix);
      await ensureLoginRole(client, role, options.passwordOf(target.service), target.schema);
      await ensureSchema(client, target.schema, role);
    }
    const bus = eventBusRole(options.rolePrefix);
    if (!(await roleExists(client, bus))) await client.query(`CREATE ROLE ${ident(client, bus)} NOLOGIN`);
    await ensureSchema(client, CREDENTIALS_SCHEMA, serviceRole('account-hub', options.rolePrefix));
    await ensureSchema(client, EVENT_BUS_SCHEMA, bus);
    if (await isSingleSchemaLayout(client)) await moveSingleSchemaLayout(client, options, log);
    await ensureExtensions(client);
    for (const target of SERVICE_SCHEMAS) {
      const names = await applyMigrations(options.adminUrl, target, serviceRole(target.service, options.rolePrefix));
      applied.push(...names.map((name) => `${target.service}/${name}`));
    }
    await installEventBus(client, options, settings);
    await grant(client, options, SERVICE_SCHEMAS);
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PROVISION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** Drops a run's roles (tests), after the databases that held their objects are gone. */
export async function dropRoles(adminUrl: string, rolePrefix: string): Promise<void> {
  const client = await connect(adminUrl);
  try {
    const { rows } = await client.query<{ rolname: string }>(
      'SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1)',
      [rolePrefix],
    );
    for (const { rolname } of rows) {
      await client.query(`DROP OWNED BY ${ident(client, rolname)}`).catch(() => undefined);
      await client.query(`DROP ROLE IF EXISTS ${ident(client, rolname)}`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
