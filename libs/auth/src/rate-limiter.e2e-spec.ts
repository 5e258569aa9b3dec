import { Controller, Get, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DbModule } from '@diallink/db';
import {
  AccountFactory,
  TestDatabase,
  TestRedis,
  TestkitDatabase,
  createTestDatabase,
  startTestApp,
  startTestRedis,
  testSecrets,
} from '@diallink/testing';
import { AuthModule } from './auth.module';
import { Authorize } from './decorators';

@Controller('ping')
class PingController {
  @Get()
  @Authorize()
  ping() {
    return { ok: true };
  }
}

describe('rate limits shared by replicas through Redis', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let accounts: AccountFactory;
  const replicas: NestFastifyApplication[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    database = await createTestDatabase();
    accounts = new AccountFactory(database.url);
    for (let i = 0; i < 2; i++) {
      @Module({
        imports: [
          DbModule.forRoot({ database: TestkitDatabase, url: database.url, schema: 'testkit', poolMax: 2 }),
          AuthModule.forRoot({
            service: 'obs',
            serviceTokenSecret: testSecrets().SERVICE_TOKEN_SECRET,
            databaseUrl: database.url,
            jwtPublicKey: testSecrets().JWT_PUBLIC_KEY,
            apiKeyPepper: testSecrets().API_KEY_PEPPER,
            principalCacheMs: 30_000,
            rateLimit: {
              perPrincipal: 4,
              perAddress: 4,
              failuresPerAddress: 100,
              windowMs: 60_000,
              redisUrl: redis.url,
            },
          }),
        ],
        controllers: [PingController],
      })
      class ReplicaModule {}
      replicas.push(await startTestApp({ name: 'obs', title: 'T', description: 'T' }, { module: ReplicaModule }));
    }
  });

  afterAll(async () => {
    for (const app of replicas) await app.close();
    await accounts?.close();
    await database?.drop();
    await redis?.stop();
  });

  it('counts one key’s requests across both replicas', async () => {
    const owner = await accounts.tenant();
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const replica = replicas[i % 2];
      statuses.push((await request(replica.getHttpServer()).get('/v1/obs/ping').set('X-API-KEY', owner.apiKey)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
