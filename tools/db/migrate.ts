/**
 * `npm run db:migrate`: provisions DATABASE_URL (or the embedded database) for the services —
 * their roles, schemas, the credential views' grants and the event bus — and applies every
 * service's pending migrations. Role passwords: DIALLINK_DB_PASSWORD_<SCHEMA> when set, else the
 * local stack's secrets. With `--seed-first-owner` (compose's migrate job) it then creates the
 * first tenant and its owner when there is none, as the Account Hub would (see
 * apps/account-hub/src/seed-first-owner.ts).
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT, dataDir, openLocalDatabase } from '../stack/local-database';
import { databasePasswordVariable, loadOrCreateSecrets } from '../stack/secrets';
import { serviceDatabaseUrl, setUpDatabase } from './provision';
import { SERVICE_SCHEMAS } from './service-schemas';

/** From the environment when it names every role's password (compose), else the stack's secrets. */
function databasePasswords(): Record<string, string> {
  const fromEnv = SERVICE_SCHEMAS.map(
    ({ service }) => [service, process.env[databasePasswordVariable(service)]] as const,
  );
  if (fromEnv.every(([, password]) => password)) return Object.fromEntries(fromEnv) as Record<string, string>;
  return loadOrCreateSecrets(dataDir()).databasePasswords;
}

async function main(): Promise<void> {
  const database = await openLocalDatabase();
  try {
    const passwords = databasePasswords();
    const applied = await setUpDatabase({
      adminUrl: database.adminUrl,
      passwordOf: (service) => passwords[service],
      log: (line) => console.log(line),
    });
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    if (process.argv.includes('--seed-first-owner')) {
      const seed = spawnSync(process.execPath, ['--import', 'tsx', 'apps/account-hub/src/seed-first-owner.ts'], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          DATABASE_URL: serviceDatabaseUrl(database.adminUrl, 'account-hub', passwords['account-hub']),
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (seed.status !== 0) throw new Error('seeding the first owner failed');
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
