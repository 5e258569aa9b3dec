/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
import { openLocalDatabase } from '../stack/local-database';
import { applyMigrations } from './schema-engine';

async function main(): Promise<void> {
  const database = await openLocalDatabase();
  try {
    const applied = await applyMigrations(database.url);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
