import { DynamicModule } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { CleanedEnv, ServiceDefinition, loadConfig, servicePrefix } from '@diallink/common';
import type { ValidatorSpec } from 'envalid';
import { PrismaClient, createPrismaClient } from '@diallink/db';
import { AccountFactory } from './factories';
import { TestDatabase, createTestDatabase } from './test-database';
import { startTestApp } from './test-app';
import { testSecrets } from './test-secrets';

/**
 * Starts a service on a fresh test database (or `env.DATABASE_URL`), with its configuration read
 * as `main.ts` reads it and the run's test secrets.
 */
export async function startService<S extends Record<string, ValidatorSpec<unknown>>>(
  definition: ServiceDefinition,
  spec: S,
  moduleFor: (config: CleanedEnv<S>) => DynamicModule,
  env: Record<string, string> = {},
): Promise<{ app: NestFastifyApplication; database: TestDatabase; config: CleanedEnv<S> }> {
  const database: TestDatabase = env.DATABASE_URL
    ? { url: env.DATABASE_URL, drop: async () => undefined }
    : await createTestDatabase();
  const config = loadConfig(spec, { ...testSecrets(), ...env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' });
  const app = await startTestApp(definition, moduleFor(config));
  return { app, database, config };
}

export interface ServiceFixture {
  app: NestFastifyApplication;
  database: TestDatabase;
  /** A client of the same database, for arranging data and checking what was stored. */
  prisma: PrismaClient;
  /** Tenants, users and API keys (see AccountFactory). */
  accounts: AccountFactory;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * A service on a database of its own, with a Prisma client and an account factory for the same
 * database. Logins are not rate limited unless `env` asks for it.
 */
export async function startServiceFixture<S extends Record<string, ValidatorSpec<unknown>>>(
  definition: ServiceDefinition,
  spec: S,
  moduleFor: (config: CleanedEnv<S>) => DynamicModule,
  env: Record<string, string> = {},
): Promise<ServiceFixture> {
  const { app, database } = await startService(definition, spec, moduleFor, { AUTH_RATE_LIMIT_PER_MINUTE: '10000', ...env });
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

/**
 * What every service answers the same way: health, the OpenAPI reference, the request id, and
 * the 404/405 error bodies for unknown routes and methods.
 */
export function describeServiceBasics<S extends Record<string, ValidatorSpec<unknown>>>(
  definition: ServiceDefinition,
  spec: S,
  moduleFor: (config: CleanedEnv<S>) => DynamicModule,
): void {
  describe(`${definition.name}: service basics`, () => {
    const prefix = servicePrefix(definition.name);
    let app: NestFastifyApplication;
    let database: TestDatabase;

    beforeAll(async () => {
      ({ app, database } = await startService(definition, spec, moduleFor));
    });

    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it('answers GET /health with 200 while the database is reachable', async () => {
      const response = await request(app.getHttpServer()).get(`${prefix}/health`).expect(200);
      expect(response.body).toEqual({ status: 'ok', database: 'up' });
    });

    it('echoes a caller’s X-Request-Id and makes one up otherwise', async () => {
      const echoed = await request(app.getHttpServer()).get(`${prefix}/health`).set('X-Request-Id', 'trace-42');
      expect(echoed.headers['x-request-id']).toBe('trace-42');
      const generated = await request(app.getHttpServer()).get(`${prefix}/health`);
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('serves its OpenAPI document and a browsable reference under /docs', async () => {
      const document = await request(app.getHttpServer()).get(`${prefix}/docs/openapi.json`).expect(200);
      expect(document.body.openapi).toMatch(/^3\./);
      expect(document.body.info.title).toBe(definition.title);
      expect(Object.keys(document.body.paths)).toContain(`${prefix}/health`);
      const page = await request(app.getHttpServer()).get(`${prefix}/docs`).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('swagger-ui');
    });

    it('answers an unknown route with the 404 error body', async () => {
      const response = await request(app.getHttpServer()).get(`${prefix}/no-such-thing`).set('X-Request-Id', 'r-404');
      expect(response.status).toBe(404);
      expect(response.body).toEqual({
        status: 404,
        error: 'NOT_FOUND',
        message: expect.any(String),
        details: [],
        requestId: 'r-404',
      });
    });

    it('answers a known path with another method with 405 and Allow', async () => {
      const response = await request(app.getHttpServer()).delete(`${prefix}/health`);
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD');
      expect(response.body).toMatchObject({ status: 405, error: 'METHOD_NOT_ALLOWED' });
    });
  });
}
