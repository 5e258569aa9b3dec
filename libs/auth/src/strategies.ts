import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';
import { Principal } from './principal';
import { PrincipalService, Refusal } from './principal.service';

/** What the Account Hub signs into an access token (see account-hub's TokenService). */
export interface AccessTokenClaims {
  sub: string;
  tid: string;
  /** Login session: the refresh-token family the token came from. */
  sid: string;
  typ: 'access';
}

export const JWT_ISSUER = 'diallink-account-hub';
export const JWT_AUDIENCE = 'diallink-api';
export const JWT_ALGORITHM = 'ES256';
/** Clock skew tolerated when checking expiry. */
export const JWT_CLOCK_TOLERANCE_SECONDS = 2;

/** What `validate` hands Passport: a principal, or `false` with the reason (Nest spreads the tuple). */
type Verified = Principal | [false, { message: string }];

function refusal(reason: Refusal, what: string): { message: string } {
  const messages: Record<Refusal, string> = {
    unknown: `The ${what} is not valid.`,
    expired: `The ${what} has expired.`,
    disabled: `The ${what} is disabled.`,
  };
  return { message: messages[reason] };
}

@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderAPIKeyStrategy, 'api-key') {
  constructor(private readonly principals: PrincipalService) {
    super({ header: 'X-API-KEY', prefix: '' }, false);
  }

  async validate(apiKey: string): Promise<Verified> {
    const result = await this.principals.forApiKey(apiKey.trim());
    return typeof result === 'string' ? [false, refusal(result, 'API key')] : result;
  }
}

@Injectable()
export class BearerStrategy extends PassportStrategy(JwtStrategy, 'bearer') {
  constructor(
    private readonly principals: PrincipalService,
    @Inject(AUTH_OPTIONS) options: AuthOptions,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: options.jwtPublicKey,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      jsonWebTokenOptions: { clockTolerance: JWT_CLOCK_TOLERANCE_SECONDS },
    });
  }

  async validate(claims: AccessTokenClaims & { exp?: unknown }): Promise<Verified> {
    // A token that never expires is refused: ours always carry exp.
    if (
      claims.typ !== 'access' ||
      typeof claims.sub !== 'string' ||
      typeof claims.tid !== 'string' ||
      typeof claims.exp !== 'number'
    ) {
      return [false, refusal('unknown', 'access token')];
    }
    const result = await this.principals.forUser(claims.sub, claims.tid);
    return typeof result === 'string' ? [false, refusal(result, 'user of this access token')] : result;
  }
}
