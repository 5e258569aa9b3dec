import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import { ExtractJwt } from 'passport-jwt';
import { Principal } from './principal';
import { PrincipalService, Refusal } from './principal.service';

/** The caller, or why not: the 401's message. */
export type Authentication = Principal | { refused: string };

function refusal(reason: Refusal, what: string): { refused: string } {
  const messages: Record<Refusal, string> = {
    unknown: `The ${what} is not valid.`,
    expired: `The ${what} has expired.`,
    disabled: `The ${what} is disabled.`,
  };
  return { refused: messages[reason] };
}

/**
 * The one resolution of a credential into a principal, shared by the guard and the Passport
 * strategies: an API key through its (cached) principal; an access token through its (cached)
 * verification, then its user's (cached) principal. Revocation notices drop every cache alike.
 */
@Injectable()
export class CredentialResolver {
  constructor(private readonly principals: PrincipalService) {}

  /** An `X-API-KEY` header's value. */
  async apiKey(value: string): Promise<Authentication> {
    const result = await this.principals.forApiKey(value.trim());
    return typeof result === 'string' ? refusal(result, 'API key') : result;
  }

  /** The token of an `Authorization: Bearer` header. */
  async bearerToken(token: string): Promise<Authentication> {
    const claims = this.principals.accessToken(token);
    if (typeof claims === 'string') return { refused: claims };
    const result = await this.principals.forUser(claims.userId, claims.tenantId);
    return typeof result === 'string' ? refusal(result, 'user of this access token') : result;
  }
}

/** What `validate` hands Passport: a principal, or `false` with the reason (Nest spreads the tuple). */
type Verified = Principal | [false, { message: string }];

function forPassport(result: Authentication): Verified {
  return 'refused' in result ? [false, { message: result.refused }] : result;
}

type Done = (error: unknown, user?: unknown, info?: unknown) => void;

const bearerTokenOf = ExtractJwt.fromAuthHeaderAsBearerToken();

/** A Passport strategy that hands the token of `Authorization: Bearer <token>` to its verify callback. */
class BearerTokenStrategy extends passport.Strategy {
  override readonly name = 'bearer-token';

  constructor(readonly verifyToken: (token: string, done: Done) => void) {
    super();
  }

  override authenticate(this: passport.StrategyCreated<BearerTokenStrategy>, request: { headers: object }): void {
    const token = bearerTokenOf(request as Parameters<typeof bearerTokenOf>[0]);
    if (!token) return this.fail(new Error('No auth token'));
    this.verifyToken(token, (error: unknown, user?: unknown, info?: unknown) => {
      if (error) this.error(error);
      else if (!user) this.fail(info as { message: string } | undefined);
      else this.success(user as Principal, info as object | undefined);
    });
  }
}

/**
 * `X-API-KEY` as a Passport strategy (`api-key`). The guard resolves credentials through the same
 * `CredentialResolver` without Passport's per-request plumbing (see libs/auth/README.md); these
 * strategies are the documented mechanism for anything that authenticates through Passport.
 */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderAPIKeyStrategy, 'api-key') {
  constructor(private readonly credentials: CredentialResolver) {
    super({ header: 'X-API-KEY', prefix: '' }, false);
  }

  async validate(apiKey: string): Promise<Verified> {
    return forPassport(await this.credentials.apiKey(apiKey));
  }
}

/** `Authorization: Bearer <access token>` as a Passport strategy (`bearer`). */
@Injectable()
export class BearerStrategy extends PassportStrategy(BearerTokenStrategy, 'bearer') {
  constructor(private readonly credentials: CredentialResolver) {
    super();
  }

  async validate(token: string): Promise<Verified> {
    return forPassport(await this.credentials.bearerToken(token));
  }
}
