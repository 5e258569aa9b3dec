/**
 * Prisma's schema engine as WebAssembly, over node-postgres: migrations apply and are created
 * with no engine download, from the very files `prisma migrate deploy` reads
 * (`prisma/migrations/<timestamp>_<name>/migration.sql` and `migration_lock.toml`).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client, Pool, QueryResult } from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import {
  ColumnTypeEnum,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQueryable,
  bindMigrationAwareSqlAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine, SchemasContainer } from '@prisma/schema-engine-wasm';
import { ensureExtensions } from './extensions';
import { ServiceSchema } from './service-schemas';

const LOCKFILE = 'migration_lock.toml';
const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Node's WebAssembly global, which @types/node does not declare. */
const webAssembly = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(bytes: Buffer, imports: Record<string, unknown>): Promise<{ instance: { exports: unknown } }>;
    };
  }
).WebAssembly;

type EngineModule = typeof import('@prisma/schema-engine-wasm') & { __wbg_set_wasm(exports: unknown): void };

let engineModule: Promise<EngineModule> | undefined;

/**
 * The engine arms 10-second timers around its work and leaves them running when it is done,
 * which would hold a finished process (or Jest) open. Its timers need not keep Node alive: the
 * database connections do while it works.
 */
function withUnrefTimers(bindings: EngineModule): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(bindings).map(([name, value]) =>
      name.startsWith('__wbg_setTimeout') && typeof value === 'function'
        ? [
            name,
            (...args: unknown[]) => {
              const timer = (value as (...a: unknown[]) => NodeJS.Timeout | undefined)(...args);
              timer?.unref?.();
              return timer;
            },
          ]
        : [name, value],
    ),
  );
}

/** Instantiates the engine's WebAssembly once per process. */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    // The engine reports a Rust panic's message here before it throws.
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
      set_message: (message: string) => console.error(`schema engine panic: ${message}`),
    };
    const bindingsPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bindings = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as EngineModule;
    const bytes = readFileSync(path.join(path.dirname(bindingsPath), 'schema_engine_bg.wasm'));
    const { instance } = await webAssembly.instantiate(bytes, { './schema_engine_bg.js': withUnrefTimers(bindings) });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return bindings;
  })();
  return engineModule;
}

export function readSchemaFiles(target: ServiceSchema): SchemasContainer {
  const files = readdirSync(target.schemaDir)
    .filter((name) => name.endsWith('.prisma'))
    .sort()
    .map((name) => ({
      path: path.join(target.schemaDir, name),
      content: readFileSync(path.join(target.schemaDir, name), 'utf8'),
    }));
  return { files };
}

export function readMigrations(target: ServiceSchema): MigrationList {
  const MIGRATIONS_DIR = target.migrationsDir;
  const lockPath = path.join(MIGRATIONS_DIR, LOCKFILE);
  const directories = existsSync(MIGRATIONS_DIR)
    ? readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: directories.map((name) => {
      const file = path.join(MIGRATIONS_DIR, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file)
            ? { tag: 'ok' as const, value: readFileSync(file, 'utf8') }
            : { tag: 'error' as const, value: `${file} is missing` },
        },
      };
    }),
  };
}

/** PostgreSQL's one-byte `"char"` type, of catalog columns such as `pg_constraint.contype`. */
const CHAR_OID = 18;
const TEXT_OID = 25;
/** Which result columns of a statement are `"char"`, by statement text (fixed per statement). */
const charColumnsBySql = new Map<string, number[]>();

/**
 * The engine reads `"char"` catalog columns when it describes a database and wants them typed
 * as its Character type, which @prisma/adapter-pg does not produce ("Column type 'char' could
 * not be deserialized"). This client hands them to the adapter as text and notes where they
 * were; `charAware` then retypes those columns in the adapter's result.
 */
class CatalogClient extends Client {
  override query(...args: unknown[]): never {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    const retype = (result: QueryResult): QueryResult => {
      const indices: number[] = [];
      (result?.fields ?? []).forEach((field, index) => {
        if (field.dataTypeID === CHAR_OID) {
          field.dataTypeID = TEXT_OID;
          indices.push(index);
        }
      });
      if (text && indices.length > 0) charColumnsBySql.set(text, indices);
      return result;
    };
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (error: unknown, result: QueryResult) => last(error, result && retype(result));
    }
    const outcome = (Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
    return (outcome instanceof Promise ? outcome.then(retype) : outcome) as never;
  }
}

type Queryable = Pick<SqlQueryable, 'queryRaw'>;

function retypeCharColumns<T extends Queryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumnsBySql.get(query.sql) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

function charAware(factory: PrismaPg): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = retypeCharColumns(await factory.connect());
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => retypeCharColumns(await startTransaction(isolationLevel));
      return adapter;
    },
    connectToShadowDb: async () => retypeCharColumns(await factory.connectToShadowDb()),
  };
}

/**
 * The engine on `databaseUrl` (an administrator's connection), working in `target`'s schema as
 * `role` when given: what migrations create belongs to the service's role.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  target: ServiceSchema,
  use: (engine: SchemaEngine) => Promise<T>,
  role?: string,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const schema = readSchemaFiles(target);
  const settings = [`-c search_path=${target.schema}`, ...(role ? [`-c role=${role}`] : [])].join(' ');
  const pool = new Pool({ ...parseIntoClientConfig(databaseUrl), max: 2, Client: CatalogClient, options: settings });
  try {
    const engine = await SchemaEngine.new(
      { datamodels: schema.files.map((file) => [file.path, file.content] as [string, string]) },
      () => undefined,
      bindMigrationAwareSqlAdapterFactory(charAware(new PrismaPg(pool, { schema: target.schema }))),
    );
    try {
      return await use(engine);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}

/** Applies every migration of `target` not yet applied; safe to run from several processes at once. */
export async function applyMigrations(databaseUrl: string, target: ServiceSchema, role?: string): Promise<string[]> {
  return withSchemaEngine(
    databaseUrl,
    target,
    async (engine) => {
      const { appliedMigrationNames } = await engine.applyMigrations({
        migrationsList: readMigrations(target),
        filters: NO_FILTERS,
      });
      return appliedMigrationNames;
    },
    role,
  );
}

/** Records `migration` of `target` as applied without running it (a baseline of tables that already exist). */
export async function markMigrationApplied(
  databaseUrl: string,
  target: ServiceSchema,
  migration: string,
  role?: string,
): Promise<void> {
  await withSchemaEngine(
    databaseUrl,
    target,
    (engine) => engine.markMigrationApplied({ migrationName: migration, migrationsList: readMigrations(target) }),
    role,
  );
}

/**
 * The SQL that takes `target`'s migrations to its Prisma schema, or `null` when they already
 * match. The migrations are replayed on a throw-away shadow database of the same server, in a
 * schema of the same name (schemas are made by provisioning, so the draft never creates one).
 */
export async function draftMigrationSql(databaseUrl: string, target: ServiceSchema): Promise<string | null> {
  const shadow = `diallink_shadow_${randomBytes(6).toString('hex')}`;
  const shadowUrl = new URL(databaseUrl);
  shadowUrl.pathname = `/${shadow}`;
  const admin = new Client(parseIntoClientConfig(databaseUrl));
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(shadow)}`);
    await prepareShadow(shadowUrl.toString(), target.schema);
    await applyMigrations(shadowUrl.toString(), target);
    const schema = readSchemaFiles(target);
    const { stdout } = await withSchemaEngine(shadowUrl.toString(), target, (engine) =>
      engine.diff({
        from: { tag: 'schemaDatasource', files: schema.files, configDir: target.schemaDir },
        to: { tag: 'schemaDatamodel', files: schema.files },
        script: true,
        exitCode: null,
        filters: NO_FILTERS,
      }),
    );
    const sql = withoutCreateSchema(stdout?.trim() ?? '', target.schema);
    return sql === '' || sql === '-- This is an empty migration.' ? null : `${sql}\n`;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(shadow)} WITH (FORCE)`);
    await admin.end();
  }
}

/** The schema and what migrations may refer to outside it (see tools/db/provision.ts). */
async function prepareShadow(url: string, schema: string): Promise<void> {
  const client = new Client(parseIntoClientConfig(url));
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${client.escapeIdentifier(schema)}`);
    await client.query('CREATE SCHEMA credentials');
    await ensureExtensions(client);
  } finally {
    await client.end();
  }
}

/** Provisioning makes each service's schema (a service's role may not create schemas). */
function withoutCreateSchema(sql: string, schema: string): string {
  return sql.replace(new RegExp(`-- CreateSchema\\s*\\nCREATE SCHEMA IF NOT EXISTS "${schema}";\\s*`, 'g'), '').trim();
}
