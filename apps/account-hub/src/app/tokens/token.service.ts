import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { AccessTokenClaims, JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from '@diallink/auth';
import { UnauthorizedError } from '@diallink/common';
import { ACCOUNT_HUB_OPTIONS, AccountHubOptions } from '../common/account-hub-options';
import { verifyPassword } from '../common/passwords';
import { AccountHubDatabase } from '../database';
import { TokenPairResponse } from './dto/token-pair.response';

const LOGIN_FAILED = 'The email or password is wrong, or the user is disabled.';
const REFRESH_FAILED = 'The refresh token is not valid or has expired: log in again.';

function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Logins, refresh-token rotation and logout. A refresh token is an opaque random string; only
 * its SHA-256 is stored. Each refresh retires the token presented and issues the next one of
 * the same family; presenting a retired token again revokes the family (stolen-token reuse).
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly db: AccountHubDatabase,
    @Inject(ACCOUNT_HUB_OPTIONS) private readonly options: AccountHubOptions,
  ) {}

  async login(email: string, password: string): Promise<TokenPairResponse> {
    // Login is by email alone, before any tenant is known: a system path.
    const user = await this.db.unscoped.user.findUnique({ where: { email: email.toLowerCase() } });
    const valid = await verifyPassword(user?.passwordHash, password);
    if (!user || !valid || !user.enabled) throw new UnauthorizedError(LOGIN_FAILED);
    return this.issue(user.id, user.tenantId, randomUUID());
  }

  async refresh(refreshToken: string): Promise<TokenPairResponse> {
    // A refresh token is found by its hash, before any tenant is known: a system path.
    const presented = await this.db.unscoped.refreshToken.findUnique({
      where: { tokenHash: hashRefreshToken(refreshToken) },
      include: { user: { select: { enabled: true } } },
    });
    if (!presented || presented.revokedAt || presented.expiresAt.getTime() <= Date.now() || !presented.user.enabled) {
      throw new UnauthorizedError(REFRESH_FAILED);
    }
    // Retire it only if nobody did first: two refreshes with one token are a reuse.
    const retired = await this.db.forTenant(presented.tenantId).refreshToken.updateMany({
      where: { id: presented.id, usedAt: null, revokedAt: null },
      data: { usedAt: new Date() },
    });
    if (retired.count === 0) {
      await this.revokeFamily(presented.tenantId, presented.familyId);
      throw new UnauthorizedError('This refresh token was already used: the session is revoked, log in again.');
    }
    return this.issue(presented.userId, presented.tenantId, presented.familyId);
  }

  /** Logout: the session of this refresh token ends, whatever state the token is in. */
  async logout(refreshToken: string): Promise<void> {
    const token = await this.db.unscoped.refreshToken.findUnique({
      where: { tokenHash: hashRefreshToken(refreshToken) },
    });
    if (token) await this.revokeFamily(token.tenantId, token.familyId);
  }

  /** Ends every session of a user (disabled, deleted or password changed). */
  async revokeUser(tenantId: string, userId: string): Promise<void> {
    await this.db.forTenant(tenantId).refreshToken.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }

  private async revokeFamily(tenantId: string, familyId: string): Promise<void> {
    await this.db
      .forTenant(tenantId)
      .refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
  }

  private async issue(userId: string, tenantId: string, familyId: string): Promise<TokenPairResponse> {
    const now = Date.now();
    const accessTokenExpiresAt = now + this.options.accessTokenTtlSeconds * 1000;
    const refreshTokenExpiresAt = now + this.options.refreshTokenTtlSeconds * 1000;
    const claims: AccessTokenClaims = { sub: userId, tid: tenantId, sid: familyId, typ: 'access' };
    const accessToken = jwt.sign(claims, this.options.jwtPrivateKey, {
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: this.options.accessTokenTtlSeconds,
      jwtid: randomUUID(),
    });
    const refreshToken = randomBytes(32).toString('base64url');
    await this.db.forTenant(tenantId).refreshToken.create({
      data: {
        tenantId,
        userId,
        familyId,
        tokenHash: hashRefreshToken(refreshToken),
        expiresAt: new Date(refreshTokenExpiresAt),
      },
    });
    return { accessToken, refreshToken, accessTokenExpiresAt, refreshTokenExpiresAt };
  }
}
