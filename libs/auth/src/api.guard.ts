import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import passport from 'passport';
import type { Strategy } from 'passport-strategy';
import { ForbiddenError, IS_PUBLIC, UnauthorizedError } from '@diallink/common';
import { productDisplayName } from '@diallink/registry';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';
import { RATE_LIMIT_BY_ADDRESS, REQUIRED_PERMISSIONS } from './decorators';
import type { Permission } from './permissions';
import { Principal } from './principal';
import { INTERNAL_ROUTE, SERVICE_TOKEN_HEADER, verifyServiceToken } from './service-token';
import { RateLimiter } from './rate-limiter';
import { ApiKeyStrategy, BearerStrategy } from './strategies';

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** Passport's reason for a failure, e.g. a TokenExpiredError or `{ message }` from a strategy. */
function reason(info: unknown): string {
  if (info instanceof Error) {
    if (info.name === 'TokenExpiredError')
      return 'The access token has expired: refresh it at /v1/account-hub/auth/tokens.';
    if (info.name === 'JsonWebTokenError' || info.name === 'NotBeforeError') return 'The access token is not valid.';
  }
  const message = (info as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && !/^No auth token|^Missing API Key/.test(message)
    ? message
    : 'The credentials are not valid.';
}

/**
 * The one guard of every service: public routes pass (some limited per client address); any
 * other route needs an `X-API-KEY` or a `Bearer` access token (401), is rate limited per key or
 * user (429), needs the service's product on the tenant and the route's permissions (403).
 */
@Injectable()
export class ApiGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyStrategy,
    private readonly bearer: BearerStrategy,
    private readonly rateLimiter: RateLimiter,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const reply = http.getResponse<FastifyReply>();
    const targets = [context.getHandler(), context.getClass()];

    if (this.reflector.getAllAndOverride<boolean>(INTERNAL_ROUTE, targets)) {
      const token = request.headers[SERVICE_TOKEN_HEADER];
      const from =
        typeof token === 'string'
          ? verifyServiceToken(this.options.serviceTokenSecret, token, this.options.service)
          : undefined;
      if (!from) throw new UnauthorizedError('This route is for DialLink’s services: it needs a valid service token.');
      return true;
    }
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      if (this.reflector.getAllAndOverride<boolean>(RATE_LIMIT_BY_ADDRESS, targets)) {
        await this.rateLimiter.hit(reply, `address:${request.ip}`, 'address');
      }
      return true;
    }

    this.rateLimiter.refuseKnownFailures(request.ip);
    let principal: Principal;
    try {
      principal = await this.authenticate(request, reply);
    } catch (error) {
      // Guessing keys or tokens costs the address its budget of failures (then a 429 at once).
      if (error instanceof UnauthorizedError) await this.rateLimiter.failed(reply, request.ip);
      throw error;
    }
    request.principal = principal;
    // One budget per user, whichever of their keys or tokens they call with.
    await this.rateLimiter.hit(reply, `user:${principal.userId}`);

    const product = this.options.product;
    if (product && !principal.products.includes(product)) {
      throw new ForbiddenError(`Your tenant has no ${productDisplayName(product)} subscription.`);
    }
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS, targets) ?? [];
    const missing = required.filter((permission) => !principal.permissions.includes(permission));
    if (missing.length > 0) {
      throw new ForbiddenError(`This needs the ${missing.join(', ')} permission${missing.length > 1 ? 's' : ''}.`);
    }
    return true;
  }

  /** The strategy is chosen by the header present: X-API-KEY, else Authorization: Bearer. */
  private authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    let shared: Strategy;
    if (request.headers['x-api-key'] !== undefined) {
      shared = this.apiKeys as unknown as Strategy;
    } else if (request.headers.authorization !== undefined) {
      if (!/^Bearer\s+\S+$/i.test(request.headers.authorization)) {
        return Promise.reject(new UnauthorizedError('The Authorization header must be `Bearer <access token>`.'));
      }
      shared = this.bearer as unknown as Strategy;
    } else {
      return Promise.reject(new UnauthorizedError());
    }
    return new Promise((resolve, reject) => {
      // Passport attaches this request's callbacks to the strategy object it is given: each
      // request gets an object of its own, or concurrent requests would answer each other's.
      const authenticate = passport.authenticate(
        Object.create(shared) as Strategy,
        { session: false },
        (error: unknown, principal: Principal | false, info: unknown) => {
          if (error) reject(error);
          else if (!principal) reject(new UnauthorizedError(reason(info)));
          else resolve(principal);
        },
      ) as (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
      authenticate(request, reply, (error) => reject(error ?? new UnauthorizedError()));
    });
  }
}
