import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { TestDatabase, TestkitDatabase, createTestDatabase, startTestApp } from '@diallink/testing';
import { DbModule } from '../db.module';

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
