import { createHash } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AccessTokenVerifier, VerifiedAccessToken, stillValid } from './access-token';
import { AuthEventListener } from './auth-events';
import { hashApiKey, looksLikeApiKey, sameHash } from './api-key-secret';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';
import { CredentialStore, CredentialUser } from './credential-store';
import { ProductName, effectivePermissions } from './permissions';
import { Principal } from './principal';

interface CacheEntry {
  principal: Principal;
  expiresAt: number;
}

/** At most this many verified access tokens are remembered (the oldest is forgotten first). */
const TOKEN_CACHE_SIZE = 10_000;

/** Why a credential was refused, for the 401's message. */
export type Refusal = 'unknown' | 'expired' | 'disabled';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Turns a credential into a principal from the Account Hub's credential views, as they are now.
 * Results are cached briefly; a change notice for a tenant (or a lost notice channel) drops
 * them, so a disabled key, user or role stops working on every process within moments.
 */
@Injectable()
export class PrincipalService implements OnModuleInit, OnModuleDestroy {
  private readonly cache = new Map<string, CacheEntry>();
  /** Access tokens that passed verification, by their SHA-256: no signature check until they expire. */
  private readonly tokens = new Map<string, VerifiedAccessToken>();
  private readonly verifier: AccessTokenVerifier;
  private readonly listener: AuthEventListener;
  private readonly store: CredentialStore;

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    this.store = new CredentialStore(options.credentialsUrl ?? options.databaseUrl);
    this.verifier = new AccessTokenVerifier(options.jwtPublicKey);
    this.listener = new AuthEventListener(
      options.credentialsUrl ?? options.databaseUrl,
      (tenantId) => this.forgetTenant(tenantId),
      () => {
        this.cache.clear();
        this.tokens.clear();
      },
    );
  }

  async onModuleInit(): Promise<void> {
    await this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener.stop();
    await this.store.close();
  }

  /** The principal of an API key, or why it is refused. */
  async forApiKey(key: string): Promise<Principal | Refusal> {
    if (!looksLikeApiKey(key)) return 'unknown';
    const keyHash = hashApiKey(key, this.options.apiKeyPepper);
    const cached = this.cached(`key:${keyHash}`);
    if (cached) return cached;
    const row = await this.store.apiKey(keyHash);
    if (!row || !sameHash(row.key_hash, keyHash)) return 'unknown';
    if (row.expires_at.getTime() <= Date.now()) return 'expired';
    if (!row.key_enabled || !row.enabled) return 'disabled';
    const principal = this.toPrincipal(row, { type: 'api-key', apiKeyId: row.key_id });
    // Never cached past the key's own expiry.
    this.remember(`key:${keyHash}`, principal, row.expires_at.getTime());
    return principal;
  }

  /** The principal of a user who presented an access token. */
  async forUser(userId: string, tenantId: string): Promise<Principal | Refusal> {
    if (!UUID.test(userId)) return 'unknown';
    const cacheKey = `user:${userId}`;
    const cached = this.cached(cacheKey);
    if (cached) return cached;
    const user = await this.store.user(userId);
    if (!user || user.tenant_id !== tenantId) return 'unknown';
    if (!user.enabled) return 'disabled';
    const principal = this.toPrincipal(user, { type: 'bearer' });
    this.remember(cacheKey, principal, Number.POSITIVE_INFINITY);
    return principal;
  }

  /**
   * An access token's claims once its signature, issuer, audience, type and time bounds are
   * checked, or the 401's message. A verified token is remembered (by a hash of it) until it
   * expires, under the same rules as principals: only while the notice channel is up, dropped
   * with its tenant's notices. Its user is resolved afresh (`forUser`) on every request.
   */
  accessToken(token: string): VerifiedAccessToken | string {
    const now = Math.floor(Date.now() / 1000);
    const hash = createHash('sha256').update(token).digest('base64');
    const known = this.tokens.get(hash);
    if (known) {
      if (stillValid(known, now)) return known;
      this.tokens.delete(hash);
    }
    const verified = this.verifier.verify(token, now);
    if (typeof verified !== 'string' && this.listener.connected && this.options.principalCacheMs > 0) {
      if (this.tokens.size >= TOKEN_CACHE_SIZE) this.tokens.delete(this.tokens.keys().next().value as string);
      this.tokens.set(hash, verified);
    }
    return verified;
  }

  private toPrincipal(user: CredentialUser, credential: Principal['credential']): Principal {
    return {
      userId: user.id,
      tenantId: user.tenant_id,
      email: user.email,
      roles: user.roles.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
      permissions: effectivePermissions(user.roles),
      products: [...user.products].sort() as ProductName[],
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
    for (const [hash, token] of this.tokens) if (token.tenantId === tenantId) this.tokens.delete(hash);
  }
}
