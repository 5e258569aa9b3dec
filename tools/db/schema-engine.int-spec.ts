import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../../libs/testing/src/test-database';
import { applyMigrations, draftMigrationSql, readMigrations } from './schema-engine';
import { SERVICE_SCHEMAS, TESTKIT_SCHEMA } from './service-schemas';

describe('migrations (WebAssembly schema engine, no network)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it.each([...SERVICE_SCHEMAS, TESTKIT_SCHEMA].map((target) => [target.service, target] as const))(
    'of %s match its Prisma schema: a new migration would be empty',
    async (_service, target) => {
      await expect(draftMigrationSql(database.url, target)).resolves.toBeNull();
    },
  );

  it.each(SERVICE_SCHEMAS.map((target) => [target.service, target] as const))(
    'of %s are recorded in its own schema’s history, so a second apply applies nothing',
    async (_service, target) => {
      // The test database is a copy of the run's template, provisioned and migrated by the global setup.
      await expect(applyMigrations(database.url, target)).resolves.toEqual([]);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT migration_name FROM ${client.escapeIdentifier(target.schema)}._prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1`,
        );
        expect(rows.map((row) => row.migration_name)).toEqual(
          readMigrations(target).migrationDirectories.map((d) => d.path),
        );
      } finally {
        await client.end();
      }
    },
  );
});
