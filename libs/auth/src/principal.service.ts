import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaService } from '@diallink/db';
import { AuthEventListener } from './auth-events';
import { hashApiKey, looksLikeApiKey, sameHash } from './api-key-secret';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';
import { ProductName, effectivePermissions } from './permissions';
import { Principal } from './principal';

interface CacheEntry {
  principal: Principal;
  expiresAt: number;
}

/** Why a credential was refused, for the 401's message. */
export type Refusal = 'unknown' | 'expired' | 'disabled';

const USER_WITH_GRANTS = {
  include: {
    tenant: { include: { subscriptions: { select: { product: true } } } },
    roles: { include: { role: true } },
  },
} as const;

/**
 * Turns a credential into a principal from the Account Hub's tables, as they are now. Results
 * are cached briefly; a change notice for a tenant (or a lost notice channel) drops them, so a
 * disabled key, user or role stops working on every process within moments.
 */
@Injectable()
export class PrincipalService implements OnModuleInit, OnModuleDestroy {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly listener: AuthEventListener;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {
    this.listener = new AuthEventListener(
      options.databaseUrl,
      (tenantId) => this.forgetTenant(tenantId),
      () => this.cache.clear(),
    );
  }

  async onModuleInit(): Promise<void> {
    await this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener.stop();
  }

  /** The principal of an API key, or why it is refused. */
  async forApiKey(key: string): Promise<Principal | Refusal> {
    if (!looksLikeApiKey(key)) return 'unknown';
    const keyHash = hashApiKey(key, this.options.apiKeyPepper);
    const cached = this.cached(`key:${keyHash}`);
    if (cached) return cached;
    const row = await this.prisma.client.apiKey.findUnique({ where: { keyHash }, include: { user: USER_WITH_GRANTS } });
    if (!row || !sameHash(row.keyHash, keyHash)) return 'unknown';
    if (row.expiresAt.getTime() <= Date.now()) return 'expired';
    if (!row.enabled || !row.user.enabled) return 'disabled';
    const principal = this.toPrincipal(row.user, { type: 'api-key', apiKeyId: row.id });
    // Never cached past the key's own expiry.
    this.remember(`key:${keyHash}`, principal, row.expiresAt.getTime());
    return principal;
  }

  /** The principal of a user who presented an access token. */
  async forUser(userId: string, tenantId: string): Promise<Principal | Refusal> {
    const cacheKey = `user:${userId}`;
    const cached = this.cached(cacheKey);
    if (cached) return cached;
    const user = await this.prisma.client.user.findUnique({ where: { id: userId }, ...USER_WITH_GRANTS });
    if (!user || user.tenantId !== tenantId) return 'unknown';
    if (!user.enabled) return 'disabled';
    const principal = this.toPrincipal(user, { type: 'bearer' });
    this.remember(cacheKey, principal, Number.POSITIVE_INFINITY);
    return principal;
  }

  private toPrincipal(
    user: {
      id: string;
      tenantId: string;
      email: string;
      tenant: { subscriptions: { product: string }[] };
      roles: { role: { id: string; name: string; builtIn: boolean; permissions: string[] } }[];
    },
    credential: Principal['credential'],
  ): Principal {
    const roles = user.roles.map(({ role }) => role);
    return {
      userId: user.id,
      tenantId: user.tenantId,
      email: user.email,
      roles: roles.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
      permissions: effectivePermissions(roles),
      products: user.tenant.subscriptions.map((s) => s.product as ProductName).sort(),
      credential,
    };
  }

  private cached(key: string): Principal | undefined {
    const entry = this.cache.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.principal;
    this.cache.delete(key);
    return undefined;
  }

  private remember(key: string, principal: Principal, notAfter: number): void {
    // Without the notice channel nothing would tell us of a revocation: then nothing is cached.
    if (!this.listener.connected || this.options.principalCacheMs <= 0) return;
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(key, { principal, expiresAt: Math.min(Date.now() + this.options.principalCacheMs, notAfter) });
  }

  /** Drops every cached credential of the tenant (on a change notice, or after a local change). */
  forgetTenant(tenantId: string): void {
    for (const [key, entry] of this.cache) if (entry.principal.tenantId === tenantId) this.cache.delete(key);
  }
}
