import { createConnection } from 'node:net';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DbModule, PrismaClient, createPrismaClient } from '@diallink/db';
import { AccountFactory, TestDatabase, createTestDatabase, startTestApp, testSecrets } from '@diallink/testing';
import { AuthModule } from './auth.module';
import { Authorize } from './decorators';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

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
  let prisma: PrismaClient;
  const replicas: NestFastifyApplication[] = [];
  let available = false;

  beforeAll(async () => {
    available = await redisAnswers(REDIS_URL);
    if (!available) {
      console.warn(`Redis does not answer at ${REDIS_URL}: the shared-limit test is skipped (set TEST_REDIS_URL).`);
      return;
    }
    database = await createTestDatabase();
    prisma = createPrismaClient({ url: database.url, poolMax: 2 });
    for (let i = 0; i < 2; i++) {
      @Module({
        imports: [
          DbModule.forRoot({ url: database.url, poolMax: 2 }),
          AuthModule.forRoot({
            databaseUrl: database.url,
            jwtPublicKey: testSecrets().JWT_PUBLIC_KEY,
            apiKeyPepper: testSecrets().API_KEY_PEPPER,
            principalCacheMs: 30_000,
            rateLimit: { perPrincipal: 4, perAddress: 4, windowMs: 60_000, redisUrl: REDIS_URL },
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
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('counts one key’s requests across both replicas', async () => {
    if (!available) return;
    const owner = await new AccountFactory(prisma).tenant();
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const replica = replicas[i % 2];
      statuses.push((await request(replica.getHttpServer()).get('/v1/obs/ping').set('X-API-KEY', owner.apiKey)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
