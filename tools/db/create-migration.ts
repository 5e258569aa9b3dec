/**
 * `npm run db:migration -- <service> <name>`: writes
 * `prisma/<service>/migrations/<timestamp>_<name>/migration.sql` with the SQL that takes the
 * service's migrations to its Prisma schema (`prisma/<service>/*.prisma`), computed on a shadow
 * database of DATABASE_URL's server (or of the embedded one). Nothing else is changed. Review
 * the SQL before committing it: a renamed column or table comes out as a drop and a create, and
 * data that must survive needs a hand-written migration.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openLocalDatabase } from '../stack/local-database';
import { draftMigrationSql } from './schema-engine';
import { serviceSchema } from './service-schemas';

async function main(): Promise<void> {
  const [service, name] = process.argv.slice(2);
  if (!service || !name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('Usage: npm run db:migration -- <service> <name>   (name: lower-case letters, digits and _)');
  }
  const target = serviceSchema(service);
  const database = await openLocalDatabase();
  try {
    const sql = await draftMigrationSql(database.adminUrl, target);
    if (!sql) {
      console.log(`The migrations of ${service} already match its schema: nothing to write.`);
      return;
    }
    const timestamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const directory = path.join(target.migrationsDir, `${timestamp}_${name}`);
    mkdirSync(directory, { recursive: true });
    writeFileSync(path.join(directory, 'migration.sql'), sql);
    console.log(`Wrote ${path.relative(process.cwd(), directory)}/migration.sql`);
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
