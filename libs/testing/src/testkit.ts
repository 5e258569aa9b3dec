import { Inject } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { DB_OPTIONS, DbOptions, ServiceDatabase } from '@diallink/db';
import { PrismaClient } from './generated/testkit/client';
import { DATAMODEL, ENUMS } from './generated/testkit-datamodel/datamodel';

export { PrismaClient as TestkitClient, DATAMODEL as TESTKIT_DATAMODEL, ENUMS as TESTKIT_ENUMS };
export type { Prisma as TestkitPrisma } from './generated/testkit/client';

/**
 * A Prisma client of the test kit's own tables (schema `testkit`: tenants and their users), for
 * the shared libraries' tests against PostgreSQL. Services test with their own clients.
 */
export function createTestkitClient(url: string): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 2, options: '-c search_path=testkit' }, { schema: 'testkit' }),
  });
}

/** The test kit's tables as a service's database (tenant scope, row locks, health). */
export class TestkitDatabase extends ServiceDatabase<PrismaClient> {
  constructor(@Inject(DB_OPTIONS) options: DbOptions) {
    super(
      new PrismaClient({
        adapter: new PrismaPg(
          { connectionString: options.url, max: options.poolMax, options: '-c search_path=testkit' },
          { schema: 'testkit' },
        ),
      }),
      DATAMODEL,
      options,
    );
  }
}
