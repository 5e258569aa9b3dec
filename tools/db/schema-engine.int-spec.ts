import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../../libs/testing/src/test-database';
import { applyMigrations, draftMigrationSql, readMigrations } from './schema-engine';

describe('migrations (WebAssembly schema engine, no network)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('match the Prisma schema: a new migration would be empty', async () => {
    await expect(draftMigrationSql(database.url)).resolves.toBeNull();
  });

  it('are recorded in Prisma’s own table, so a second apply applies nothing', async () => {
    // The test database is a copy of the run's template, migrated by the global setup.
    await expect(applyMigrations(database.url)).resolves.toEqual([]);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1');
      expect(rows.map((row) => row.migration_name)).toEqual(readMigrations().migrationDirectories.map((d) => d.path));
    } finally {
      await client.end();
    }
  });
});
