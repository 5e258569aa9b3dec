/**
 * Generates each service's Prisma client (and its datamodel metadata) into
 * apps/<service>/src/generated from prisma/<service>/. `prisma generate` does not run the schema
 * engine but looks for its binary (and would download it); any existing file satisfies it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { SERVICE_SCHEMAS, TESTKIT_SCHEMA } from './service-schemas';

const root = path.resolve(__dirname, '../..');
for (const { service, schemaDir } of [...SERVICE_SCHEMAS, TESTKIT_SCHEMA]) {
  const result = spawnSync(
    process.execPath,
    [require.resolve('prisma/build/index.js'), 'generate', '--schema', schemaDir],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
    },
  );
  if (result.status !== 0) {
    console.error(`prisma generate failed for ${service}`);
    process.exit(result.status ?? 1);
  }
}
console.log(
  `Generated the Prisma clients of ${[...SERVICE_SCHEMAS, TESTKIT_SCHEMA].map((s) => s.service).join(', ')}.`,
);
