import { SetMetadata } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import type { ServiceName } from '@diallink/registry';

/**
 * The service credential: how one service calls another's internal routes (a cross-service
 * reference checked against its owner, when a read model will not do). The caller signs a
 * short-lived token with the secret every service shares (`SERVICE_TOKEN_SECRET`), naming itself
 * and the service it calls; the callee accepts it on routes marked `@Internal()` only, which the
 * gateway never exposes (`/v1/<service>/internal/…`). It carries no tenant and no user: an
 * internal route takes the tenant from its request and checks it itself.
 */
export const SERVICE_TOKEN_HEADER = 'x-service-token';
export const INTERNAL_ROUTE = 'diallink:internal-route';
const TYPE = 'service';
export const SERVICE_TOKEN_TTL_SECONDS = 60;

export interface ServiceTokenClaims {
  /** The calling service. */
  iss: ServiceName;
  /** The service called. */
  aud: ServiceName;
  typ: typeof TYPE;
}

export function signServiceToken(secret: string, from: ServiceName, to: ServiceName): string {
  const claims: ServiceTokenClaims = { iss: from, aud: to, typ: TYPE };
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: SERVICE_TOKEN_TTL_SECONDS });
}

/** The calling service, when `token` is a valid, unexpired service token addressed to `to`. */
export function verifyServiceToken(secret: string, token: string, to: ServiceName): ServiceName | undefined {
  try {
    const claims = jwt.verify(token, secret, { algorithms: ['HS256'], audience: to }) as Partial<ServiceTokenClaims>;
    return claims.typ === TYPE && typeof claims.iss === 'string' ? claims.iss : undefined;
  } catch {
    return undefined;
  }
}

/** A route for other services only: it needs a service token addressed to this service (401 without). */
export const Internal = (): MethodDecorator & ClassDecorator => SetMetadata(INTERNAL_ROUTE, true);
