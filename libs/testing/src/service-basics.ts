import { DynamicModule } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { CleanedEnv, ServiceDefinition, loadConfig, serviceDocument, servicePrefix } from '@diallink/common';
import type { ValidatorSpec } from 'envalid';
import { EventsRuntime } from '@diallink/events';
import { AccountFactory } from './factories';
import { TestDatabase, createTestDatabase, serviceUrlOf } from './test-database';
import { startTestApp } from './test-app';
import { testSecrets } from './test-secrets';
import { OpenApiResponseCheck, withResponseCheck } from './openapi-responses';
import { lintOpenApi } from './openapi-lint';
import { checkExamples } from './openapi-examples';

/**
 * Starts a service on a fresh test database (or `env.DATABASE_URL`, an administrator's
 * connection to an existing one), connected as its own role, with its configuration read as
 * `main.ts` reads it and the run's test secrets.
 */
export async function startService<S extends Record<string, ValidatorSpec<unknown>>>(
  definition: ServiceDefinition,
  spec: S,
  moduleFor: (config: CleanedEnv<S>) => DynamicModule,
  env: Record<string, string> = {},
): Promise<{ app: NestFastifyApplication; database: TestDatabase; config: CleanedEnv<S> }> {
  const database: TestDatabase = env.DATABASE_URL
    ? {
        url: env.DATABASE_URL,
        serviceUrl: (service) => serviceUrlOf(env.DATABASE_URL, service),
        drop: async () => undefined,
      }
    : await createTestDatabase();
  const config = loadConfig(spec, {
    ...testSecrets(),
    LOG_LEVEL: 'silent',
    // A test asks whether the service is ready, not whether a loaded machine answers in 2 s.
    HEALTH_DATABASE_TIMEOUT_MS: '30000',
    ...env,
    DATABASE_URL: database.serviceUrl(definition.name),
  });
  const app = await startTestApp(definition, moduleFor(config));
  return { app, database, config };
}

export interface ServiceFixture<C = unknown> {
  app: NestFastifyApplication;
  database: TestDatabase;
  /** The service's own Prisma client (unscoped, its own role), for arranging data and checking what was stored. */
  prisma: C;
  /**
   * Tenants, users and API keys (see AccountFactory). In a service that consumes the Account
   * Hub's events, what the factory publishes is applied to its read model before the call returns.
   */
  accounts: AccountFactory;
  /** The service's event delivery, to run due work at once in tests. */
  events: EventsRuntime;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * A service on a database of its own, with its own client and an account factory for the same
 * database. Logins and failed authentications are not rate limited unless `env` asks for it.
 */
export async function startServiceFixture<S extends Record<string, ValidatorSpec<unknown>>, C>(
  definition: ServiceDefinition,
  spec: S,
  moduleFor: (config: CleanedEnv<S>) => DynamicModule,
  options: { env?: Record<string, string>; client: (app: NestFastifyApplication) => C },
): Promise<ServiceFixture<C>> {
  const { app, database } = await startService(definition, spec, moduleFor, {
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    AUTH_FAILURE_LIMIT_PER_MINUTE: '10000',
    ...options.env,
  });
  const events = app.get(EventsRuntime);
  let responseCheck: OpenApiResponseCheck | undefined;
  const check = () => (responseCheck ??= new OpenApiResponseCheck(serviceDocument(app, definition)));
  const accounts = new AccountFactory(database.url, async (published) => {
    for (const event of published) await events.consumer?.handle(event);
  });
  return {
    app,
    database,
    prisma: options.client(app),
    accounts,
    events,
    http: () => withResponseCheck(request(app.getHttpServer()), check),
    close: async () => {
      await app.close();
      await accounts.close();
      await database.drop();
    },
  };
}

/**
 * What every service answers the same way: health, the OpenAPI reference, the request id, and
 * the 404/405 error bodies for unknown routes and methods; and that it connects as its own
 * database role.
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

    it('answers GET /health with 200 while the database is reachable, with its event figures', async () => {
      const response = await request(app.getHttpServer()).get(`${prefix}/health`).expect(200);
      expect(response.body).toEqual({
        status: 'ok',
        database: 'up',
        events: { deadLetters: 0, outboxBacklog: expect.any(Number) },
      });
    });

    it('connects as its own database role', async () => {
      const url = new URL(database.serviceUrl(definition.name));
      const { Client } = await import('pg');
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const { rows } = await client.query<{ current_user: string }>('SELECT current_user');
        expect(rows[0].current_user).toBe(decodeURIComponent(url.username));
        expect(url.username).toMatch(new RegExp(`diallink_${definition.name.replace(/-/g, '_')}$`));
      } finally {
        await client.end();
      }
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

    it('publishes an OpenAPI document that passes Redocly’s recommended rules with no error', async () => {
      const document = await request(app.getHttpServer()).get(`${prefix}/docs/openapi.json`).expect(200);
      expect(document.body.openapi).toBe('3.1.0');
      const lint = await lintOpenApi(document.body);
      if (!lint.ok) throw new Error(`redocly lint of the ${definition.name} document:\n${lint.output}`);
    }, 60_000);

    it('publishes only examples that their schemas accept, closed as the response check reads them', async () => {
      const document = await request(app.getHttpServer()).get(`${prefix}/docs/openapi.json`).expect(200);
      const { checked, problems } = checkExamples(document.body);
      expect(problems).toEqual([]);
      expect(checked).toBeGreaterThan(0);
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
