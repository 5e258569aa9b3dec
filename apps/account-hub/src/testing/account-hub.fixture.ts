import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { PrismaClient, createPrismaClient } from '@diallink/db';
import { AccountFactory, TestDatabase, startService } from '@diallink/testing';
import { SERVICE, appModule, configSpec } from '../app/service';

export interface AccountHubFixture {
  app: NestFastifyApplication;
  database: TestDatabase;
  prisma: PrismaClient;
  accounts: AccountFactory;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * The Account Hub on a database of its own, with a Prisma client and a factory for the same
 * database. Logins are not rate limited unless a test asks for it.
 */
export async function startAccountHub(env: Record<string, string> = {}): Promise<AccountHubFixture> {
  const { app, database } = await startService(SERVICE, configSpec, appModule, { AUTH_RATE_LIMIT_PER_MINUTE: '10000', ...env });
  const prisma = createPrismaClient({ url: database.url, poolMax: 2 });
  return {
    app,
    database,
    prisma,
    accounts: new AccountFactory(prisma),
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      await prisma.$disconnect();
      await database.drop();
    },
  };
}

/** Signs up a tenant through the API and logs its owner in. */
export async function signUpAndLogIn(fixture: AccountHubFixture, email = `owner-${Date.now()}-${Math.random()}@example.test`) {
  const password = 'correct horse battery';
  const signUp = await fixture
    .http()
    .post('/v1/account-hub/tenants')
    .send({ companyName: 'Arrow Inc.', email, password, firstName: 'Owen', lastName: 'Owner' })
    .expect(201);
  const tokens = await fixture.http().post('/v1/account-hub/auth/tokens').send({ email, password }).expect(201);
  return {
    tenantId: signUp.body.tenant.id as string,
    userId: signUp.body.owner.id as string,
    email,
    password,
    accessToken: tokens.body.accessToken as string,
    refreshToken: tokens.body.refreshToken as string,
  };
}
