/**
 * Every service of the registry, started in this process as `main.ts` builds it (on a test
 * database of its own), with its routes read from its router and its OpenAPI document, and
 * callers of every built-in role and of a custom role in two tenants.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { Pool } from 'pg';
import type { DynamicModule } from '@nestjs/common';
import type { ValidatorSpec } from 'envalid';
import type { Response } from 'supertest';
import {
  BUILT_IN_ROLES,
  BUILT_IN_ROLE_PERMISSIONS,
  BuiltInRole,
  JWT_ALGORITHM,
  JWT_AUDIENCE,
  JWT_ISSUER,
  PERMISSIONS,
  Permission,
} from '@diallink/auth';
import { CleanedEnv, ServiceDefinition, ServiceName, servicePrefix } from '@diallink/common';
import { SERVICE_NAMES, serviceInfo } from '@diallink/registry';
import { ServiceFixture, startServiceFixture, testSecrets } from '@diallink/testing';
import { BatteryRun } from './run';
import { OpenApiDocument, Route, routerRoutes, withOperations } from './routes';

export const CUSTOM_ROLE = 'battery-custom';
export type RoleName = BuiltInRole | typeof CUSTOM_ROLE;
export const ROLES: readonly RoleName[] = [...BUILT_IN_ROLES, CUSTOM_ROLE];

/**
 * The custom role: one permission of every two, alternating reads and writes across resources
 * (so it holds some writes without their reads), with the Account Hub's `users:write` — the actor
 * of the owner-takeover rule — and never `tenant:write`.
 */
export const CUSTOM_ROLE_PERMISSIONS: readonly Permission[] = PERMISSIONS.filter(
  (permission, index) =>
    permission.name === 'account-hub:users:write' ||
    (permission.name !== 'account-hub:tenant:write' && (index % 4 === 1 || index % 4 === 2)),
).map((permission) => permission.name);

export function permissionsOf(role: RoleName): readonly Permission[] {
  return role === CUSTOM_ROLE ? CUSTOM_ROLE_PERMISSIONS : BUILT_IN_ROLE_PERMISSIONS[role];
}

export interface Caller {
  role: RoleName;
  tenantId: string;
  userId: string;
  apiKey: string;
  token: string;
}

export type Credential = 'key' | 'token';

export interface Tenant {
  tenantId: string;
  callers: Record<RoleName, Caller>;
}

interface ServiceModule {
  SERVICE: ServiceDefinition;
  configSpec: Record<string, ValidatorSpec<unknown>>;
  appModule: (config: CleanedEnv<Record<string, ValidatorSpec<unknown>>>) => DynamicModule;
}

export class ServiceUnderTest {
  readonly prefix: string;
  routes: Route[] = [];
  document!: OpenApiDocument;
  tenants: Tenant[] = [];
  private admin!: Pool;

  constructor(
    readonly name: ServiceName,
    readonly fixture: ServiceFixture<unknown>,
    readonly run: BatteryRun,
    private readonly dataDir: string,
  ) {
    this.prefix = servicePrefix(name);
  }

  get schema(): string {
    return serviceInfo(this.name).schema;
  }

  async load(): Promise<void> {
    this.admin = new Pool({ connectionString: this.fixture.database.url, max: 2 });
    const document = await this.fixture.http().get(`${this.prefix}/docs/openapi.json`).expect(200);
    this.document = document.body as OpenApiDocument;
    this.routes = withOperations(routerRoutes(this.fixture.app, this.prefix), this.document);
    this.tenants = [await this.tenant(), await this.tenant()];
  }

  /** A tenant with a caller of every role, each with an API key and an access token. */
  private async tenant(): Promise<Tenant> {
    const owner = await this.fixture.accounts.tenant();
    const { tenantId } = owner;
    await this.admin.query(
      `INSERT INTO account_hub.roles (id, tenant_id, name, built_in, permissions, updated_at)
       VALUES ($1, $2, $3, false, $4, now())`,
      [randomUUID(), tenantId, CUSTOM_ROLE, [...CUSTOM_ROLE_PERMISSIONS]],
    );
    const callers = {} as Record<RoleName, Caller>;
    for (const role of ROLES) {
      const seeded =
        role === 'owner' ? owner : await this.fixture.accounts.user(tenantId, role === CUSTOM_ROLE ? 'viewer' : role);
      if (role === CUSTOM_ROLE) {
        await this.admin.query(
          `UPDATE account_hub.user_roles SET role_id = (SELECT id FROM account_hub.roles WHERE tenant_id = $1 AND name = $2)
            WHERE user_id = $3`,
          [tenantId, CUSTOM_ROLE, seeded.userId],
        );
      }
      callers[role] = {
        role,
        tenantId,
        userId: seeded.userId,
        apiKey: this.run.secret(`${this.name} ${role} API key`, seeded.apiKey),
        token: this.run.secret(`${this.name} ${role} access token`, accessToken(seeded.userId, tenantId)),
      };
    }
    return { tenantId, callers };
  }

  /** Sends a request as `caller` (or nobody), counts it, and answers the response. */
  async send(
    route: Pick<Route, 'method'> & { path: string },
    options: {
      caller?: Caller;
      credential?: Credential;
      body?: unknown;
      query?: string;
      rawBody?: string | Buffer;
      contentType?: string;
    } = {},
  ): Promise<Response> {
    const url = options.query ? `${route.path}?${options.query}` : route.path;
    let request = this.fixture.http()[route.method.toLowerCase() as 'get'](url);
    if (options.caller) {
      request =
        options.credential === 'token'
          ? request.set('Authorization', `Bearer ${options.caller.token}`)
          : request.set('X-API-KEY', options.caller.apiKey);
    }
    if (options.rawBody !== undefined)
      request = request.set('Content-Type', options.contentType ?? 'application/json').send(options.rawBody);
    else if (options.body !== undefined) request = request.send(options.body as object);
    const response = await request;
    const sent = typeof options.rawBody === 'string' ? options.rawBody : JSON.stringify(options.body);
    this.run.count(`${route.method} ${url} ${sent ?? ''}`, response);
    return response;
  }

  /** A digest of every row of every table of the service's schema (and the Account Hub's), for before/after checks. */
  async snapshot(): Promise<Map<string, string>> {
    const schemas = [...new Set([this.schema, serviceInfo('account-hub').schema])];
    const { rows: tables } = await this.admin.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
      [schemas],
    );
    const digests = new Map<string, string>();
    for (const { schema, name } of tables) {
      if (VOLATILE_TABLES.has(name)) continue;
      const { rows } = await this.admin.query<{ digest: string | null }>(
        `SELECT md5(string_agg(row_text, '|' ORDER BY row_text)) AS digest
           FROM (SELECT (to_jsonb(t) - $1::text[])::text AS row_text FROM "${schema}"."${name}" t) rows`,
        [VOLATILE_COLUMNS],
      );
      digests.set(`${schema}.${name}`, rows[0].digest ?? 'empty');
    }
    return digests;
  }

  async query<T extends object>(sql: string, values: unknown[] = []): Promise<T[]> {
    return (await this.admin.query<T>(sql, values)).rows;
  }

  async close(): Promise<void> {
    await this.admin?.end();
    await this.fixture.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * What a refused request may change, with the reason: the event outbox and bookkeeping tables
 * are the services' own machinery, not data a caller can reach.
 */
const VOLATILE_TABLES = new Set(['_prisma_migrations']);
/** Columns a read legitimately writes: when a key or session was last used. */
const VOLATILE_COLUMNS = ['last_used_at'];

/** An access token as the Account Hub signs it (same key, claims and lifetime rules). */
export function accessToken(userId: string, tenantId: string): string {
  return jwt.sign({ sub: userId, tid: tenantId, sid: randomUUID(), typ: 'access' }, testSecrets().JWT_PRIVATE_KEY, {
    algorithm: JWT_ALGORITHM,
    issuer: JWT_ISSUER,
    audience: JWT_AUDIENCE,
    expiresIn: 3600,
    jwtid: randomUUID(),
  });
}

/** Starts every service of the registry (a new service is in the battery the day it is registered). */
export async function startServices(run: BatteryRun): Promise<ServiceUnderTest[]> {
  const services: ServiceUnderTest[] = [];
  for (const name of SERVICE_NAMES) {
    const module = require(path.join(__dirname, '../../../apps', name, 'src/app/service')) as ServiceModule;
    const dataDir = mkdtempSync(path.join(tmpdir(), `diallink-battery-${name}-`));
    const fixture = await startServiceFixture(module.SERVICE, module.configSpec, module.appModule, {
      env: {
        DIALLINK_DATA_DIR: dataDir,
        RATE_LIMIT_PER_MINUTE: '1000000',
        PRINCIPAL_CACHE_MS: '0',
      },
      client: () => undefined,
    });
    const service = new ServiceUnderTest(name, fixture, run, dataDir);
    services.push(service);
    await service.load();
  }
  return services;
}
