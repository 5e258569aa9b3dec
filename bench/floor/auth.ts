/**
 * The floor's credential check, the same as libs/auth's: an API key is looked up by its
 * HMAC-SHA-256 under the pepper, a bearer token is an ES256 JWT of the Account Hub; either
 * resolves through the Account Hub's credential views (credentials.api_keys/principals). A
 * resolved principal is kept for `principalCacheMs`, dropped on a `diallink_auth` notice for its
 * tenant, and nothing is kept while the notice channel is down — libs/auth's rule.
 */
import { createHmac, createPublicKey, KeyObject, verify } from 'node:crypto';
import { Client, Pool } from 'pg';
import { SERVICES } from '@diallink/registry';
import { HttpError } from './http';

export interface FloorPrincipal {
  userId: string;
  tenantId: string;
  email: string;
  roles: { id: string; name: string }[];
  permissions: string[];
  products: string[];
  credential: 'api-key' | 'bearer';
}

interface PrincipalRow {
  id: string;
  tenant_id: string;
  email: string;
  enabled: boolean;
  roles: { id: string; name: string; builtIn: boolean; permissions: string[] }[];
  products: string[];
}

interface KeyRow extends PrincipalRow {
  key_enabled: boolean;
  expires_at: Date;
}

const ALL = SERVICES.flatMap(({ name, resources }) =>
  (resources as readonly string[]).flatMap((resource) => [`${name}:${resource}:read`, `${name}:${resource}:write`]),
);
const OWNER_ONLY = new Set(['account-hub:subscriptions:write', 'account-hub:tenant:write']);
const ADMIN_ONLY = new Set(['account-hub:users:write', 'account-hub:roles:write', 'account-hub:api-keys:write']);
const BUILT_IN: Record<string, string[]> = {
  owner: ALL,
  admin: ALL.filter((p) => !OWNER_ONLY.has(p)),
  member: ALL.filter((p) => !OWNER_ONLY.has(p) && !ADMIN_ONLY.has(p)),
  viewer: ALL.filter((p) => p.endsWith(':read')),
};
const KNOWN = new Set(ALL);

function permissionsOf(roles: PrincipalRow['roles']): string[] {
  const granted = new Set<string>();
  for (const role of roles) {
    const listed = role.builtIn && BUILT_IN[role.name] ? BUILT_IN[role.name] : role.permissions;
    for (const permission of listed) if (KNOWN.has(permission)) granted.add(permission);
  }
  return [...granted].sort();
}

const KEY_SHAPE = /^[0-9a-f-]{36}\+[0-9a-f-]{36}$/i;
const PRINCIPAL_COLUMNS = 'p.id, p.tenant_id, p.email, p.enabled, p.roles, p.products';
const CLOCK_TOLERANCE_S = 2;

export interface FloorAuthOptions {
  apiKeyPepper: string;
  jwtPublicKey: string;
  principalCacheMs: number;
}

export class FloorAuth {
  private readonly cache = new Map<string, { principal: FloorPrincipal; expiresAt: number }>();
  private readonly publicKey: KeyObject;
  private listener: Client | undefined;
  private listening = false;

  constructor(
    private readonly pool: Pool,
    private readonly listenUrl: string,
    private readonly options: FloorAuthOptions,
  ) {
    this.publicKey = createPublicKey(options.jwtPublicKey);
  }

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.listenUrl });
    client.on('notification', ({ payload }) => {
      for (const [key, entry] of this.cache) if (entry.principal.tenantId === payload) this.cache.delete(key);
    });
    const lost = () => {
      this.listening = false;
      this.cache.clear();
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    await client.query('LISTEN diallink_auth');
    this.listener = client;
    this.listening = true;
  }

  async stop(): Promise<void> {
    this.listening = false;
    await this.listener?.end().catch(() => undefined);
  }

  /** The caller, or a 401 with libs/auth's messages. */
  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<FloorPrincipal> {
    const key = headers['x-api-key'];
    if (typeof key === 'string') return this.forApiKey(key);
    const authorization = headers.authorization;
    if (typeof authorization === 'string') {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw new HttpError(401, 'The Authorization header must be `Bearer <access token>`.');
      return this.forToken(match[1]);
    }
    throw new HttpError(401, 'Authentication is required: send an X-API-KEY header or an Authorization: Bearer token.');
  }

  private async forApiKey(key: string): Promise<FloorPrincipal> {
    const refused = (why: string) => new HttpError(401, `The API key ${why}.`);
    if (!KEY_SHAPE.test(key)) throw refused('is not valid');
    const hash = createHmac('sha256', this.options.apiKeyPepper).update(key, 'utf8').digest('hex');
    const cached = this.cached(`key:${hash}`);
    if (cached) return cached;
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT k.enabled AS key_enabled, k.expires_at, ${PRINCIPAL_COLUMNS}
         FROM credentials.api_keys k JOIN credentials.principals p ON p.id = k.user_id WHERE k.key_hash = $1`,
      [hash],
    );
    const row = rows[0];
    if (!row) throw refused('is not valid');
    if (row.expires_at.getTime() <= Date.now()) throw refused('has expired');
    if (!row.key_enabled || !row.enabled) throw refused('is disabled');
    const principal = toPrincipal(row, 'api-key');
    this.remember(`key:${hash}`, principal, row.expires_at.getTime());
    return principal;
  }

  private async forToken(token: string): Promise<FloorPrincipal> {
    const claims = this.verifiedClaims(token);
    if (!claims) throw new HttpError(401, 'The access token is not valid.');
    if (claims.exp + CLOCK_TOLERANCE_S < Date.now() / 1000) throw new HttpError(401, 'The access token has expired.');
    const cached = this.cached(`user:${claims.sub}`);
    if (cached && cached.tenantId === claims.tid) return cached;
    const { rows } = await this.pool.query<PrincipalRow>(
      `SELECT ${PRINCIPAL_COLUMNS} FROM credentials.principals p WHERE p.id = $1`,
      [claims.sub],
    );
    const row = rows[0];
    if (!row || row.tenant_id !== claims.tid) throw new HttpError(401, 'The access token is not valid.');
    if (!row.enabled) throw new HttpError(401, 'The access token is disabled.');
    const principal = toPrincipal(row, 'bearer');
    this.remember(`user:${claims.sub}`, principal, Number.POSITIVE_INFINITY);
    return principal;
  }

  /** The claims of an ES256 token of the Account Hub for this API, or undefined. */
  private verifiedClaims(token: string): { sub: string; tid: string; exp: number } | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    try {
      const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: string };
      if (header.alg !== 'ES256') return undefined;
      const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
      const signature = Buffer.from(parts[2], 'base64url');
      if (!verify('sha256', signed, { key: this.publicKey, dsaEncoding: 'ieee-p1363' }, signature)) return undefined;
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
      const now = Date.now() / 1000;
      const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (claims.iss !== 'diallink-account-hub' || !audience.includes('diallink-api')) return undefined;
      if (typeof claims.nbf === 'number' && claims.nbf > now + CLOCK_TOLERANCE_S) return undefined;
      if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.tid !== 'string') return undefined;
      if (typeof claims.exp !== 'number') return undefined;
      return { sub: claims.sub, tid: claims.tid, exp: claims.exp };
    } catch {
      return undefined;
    }
  }

  private cached(key: string): FloorPrincipal | undefined {
    const entry = this.cache.get(key);
    if (entry && entry.expiresAt > Date.now()) return entry.principal;
    if (entry) this.cache.delete(key);
    return undefined;
  }

  private remember(key: string, principal: FloorPrincipal, notAfter: number): void {
    if (!this.listening || this.options.principalCacheMs <= 0) return;
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(key, { principal, expiresAt: Math.min(Date.now() + this.options.principalCacheMs, notAfter) });
  }
}

function toPrincipal(row: PrincipalRow, credential: FloorPrincipal['credential']): FloorPrincipal {
  return {
    userId: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    roles: row.roles.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    permissions: permissionsOf(row.roles),
    products: [...row.products].sort(),
    credential,
  };
}

/** libs/auth's guard after authentication: the service's product, then the route's permission. */
export function authorize(principal: FloorPrincipal, product: string | null, permission: string | null): void {
  if (product && !principal.products.includes(product)) {
    throw new HttpError(
      403,
      `Your tenant has no ${product === 'PHONE_SYSTEM' ? 'Phone System' : product} subscription.`,
    );
  }
  if (permission && !principal.permissions.includes(permission)) {
    throw new HttpError(403, `This needs the ${permission} permission.`);
  }
}
