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

export const PRISMA_DIR = path.resolve(__dirname, '../../prisma');
export const SCHEMA_DIR = path.join(PRISMA_DIR, 'schema');
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');
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

export function readSchemaFiles(): SchemasContainer {
  const files = readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith('.prisma'))
    .sort()
    .map((name) => ({ path: path.join(SCHEMA_DIR, name), content: readFileSync(path.join(SCHEMA_DIR, name), 'utf8') }));
  return { files };
}

export function readMigrations(): MigrationList {
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

export async function withSchemaEngine<T>(databaseUrl: string, use: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const schema = readSchemaFiles();
  const pool = new Pool({ ...parseIntoClientConfig(databaseUrl), max: 2, Client: CatalogClient });
  try {
    const engine = await SchemaEngine.new(
      { datamodels: schema.files.map((file) => [file.path, file.content] as [string, string]) },
      () => undefined,
      bindMigrationAwareSqlAdapterFactory(charAware(new PrismaPg(pool))),
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

/** Applies every migration not yet applied; safe to run from several processes at once. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  return withSchemaEngine(databaseUrl, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: readMigrations(),
      filters: NO_FILTERS,
    });
    return appliedMigrationNames;
  });
}

/**
 * The SQL that takes the migrations' end state to the schema, or `null` when they already
 * match. The migrations are replayed on a throw-away shadow database on the same server.
 */
export async function draftMigrationSql(databaseUrl: string): Promise<string | null> {
  const shadow = `diallink_shadow_${randomBytes(6).toString('hex')}`;
  const shadowUrl = new URL(databaseUrl);
  shadowUrl.pathname = `/${shadow}`;
  const admin = new Client(parseIntoClientConfig(databaseUrl));
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(shadow)}`);
    await applyMigrations(shadowUrl.toString());
    const schema = readSchemaFiles();
    const { stdout } = await withSchemaEngine(shadowUrl.toString(), (engine) =>
      engine.diff({
        from: { tag: 'schemaDatasource', files: schema.files, configDir: PRISMA_DIR },
        to: { tag: 'schemaDatamodel', files: schema.files },
        script: true,
        exitCode: null,
        filters: NO_FILTERS,
      }),
    );
    const sql = stdout?.trim() ?? '';
    return sql === '' || sql === '-- This is an empty migration.' ? null : `${sql}\n`;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(shadow)} WITH (FORCE)`);
    await admin.end();
  }
}
