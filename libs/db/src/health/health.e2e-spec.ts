import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { TestDatabase, TestkitDatabase, createTestDatabase, startTestApp } from '@diallink/testing';
import { DbModule } from '../db.module';
import { ServiceDatabase } from '../service-database';
import { HEALTH_CACHE_MS } from './health.controller';

const definition = { name: 'call-queue', title: 'Test', description: 'Test' } as const;

describe('GET /health', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('is 200 while the database answers', async () => {
    // A first connection on a busy machine may take longer than the production 2 s.
    const app = await startTestApp(
      definition,
      DbModule.forRoot({
        database: TestkitDatabase,
        url: database.url,
        schema: 'testkit',
        poolMax: 2,
        readinessTimeoutMs: 60_000,
      }),
    );
    try {
      await request(app.getHttpServer()).get('/v1/call-queue/health').expect(200, { status: 'ok', database: 'up' });
    } finally {
      await app.close();
    }
  });

  it('asks the database at most once per interval, however often it is called', async () => {
    const app = await startTestApp(
      definition,
      DbModule.forRoot({ database: TestkitDatabase, url: database.url, schema: 'testkit', poolMax: 2 }),
    );
    // The clock stands still, then moves one interval on: no timing of this machine involved.
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
    try {
      const probe = jest.spyOn(app.get(ServiceDatabase), 'isReachable');
      const server = app.getHttpServer();
      await Promise.all([1, 2, 3].map(() => request(server).get('/v1/call-queue/health').expect(200)));
      await request(server).get('/v1/call-queue/health').expect(200);
      expect(probe).toHaveBeenCalledTimes(1);
      clock.mockReturnValue(start + HEALTH_CACHE_MS);
      await request(server).get('/v1/call-queue/health').expect(200, { status: 'ok', database: 'up' });
      expect(probe).toHaveBeenCalledTimes(2);
    } finally {
      clock.mockRestore();
      await app.close();
    }
  });

  it('is 503 with the error body when the database does not answer', async () => {
    const unreachable = new URL(database.url);
    unreachable.port = '1';
    const app: NestFastifyApplication = await startTestApp(
      definition,
      DbModule.forRoot({ database: TestkitDatabase, url: unreachable.toString(), schema: 'testkit', poolMax: 2 }),
    );
    try {
      const response = await request(app.getHttpServer()).get('/v1/call-queue/health').expect(503);
      expect(response.body).toMatchObject({
        status: 503,
        error: 'SERVICE_UNAVAILABLE',
        message: 'The database is unreachable.',
      });
    } finally {
      await app.close();
    }
  });
});
