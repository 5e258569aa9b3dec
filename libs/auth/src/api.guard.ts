import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, IS_PUBLIC, UnauthorizedError } from '@diallink/common';
import { productDisplayName } from '@diallink/registry';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';
import { RATE_LIMIT_BY_ADDRESS, REQUIRED_PERMISSIONS } from './decorators';
import type { Permission } from './permissions';
import { Principal } from './principal';
import { INTERNAL_ROUTE, SERVICE_TOKEN_HEADER, verifyServiceToken } from './service-token';
import { RateLimiter } from './rate-limiter';
import { Authentication, CredentialResolver } from './strategies';

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** What a route asks of its callers, from its handler's and controller's metadata. */
interface RoutePolicy {
  internal: boolean;
  public: boolean;
  rateLimitByAddress: boolean;
  permissions: readonly Permission[];
}

/** As passport-jwt reads the header: the scheme, then the token. */
const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * The one guard of every service: public routes pass (some limited per client address); any
 * other route needs an `X-API-KEY` or a `Bearer` access token (401), is rate limited per key or
 * user (429), needs the service's product on the tenant and the route's permissions (403).
 *
 * Credentials are resolved by `CredentialResolver`, the same resolution the Passport strategies
 * (`api-key`, `bearer`) call, without Passport's per-request plumbing (see libs/auth/README.md).
 */
@Injectable()
export class ApiGuard implements CanActivate {
  /** Each route's policy, read once: route metadata is fixed once the application is built. */
  private readonly policies = new WeakMap<object, Map<object, RoutePolicy>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialResolver,
    private readonly rateLimiter: RateLimiter,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const reply = http.getResponse<FastifyReply>();
    const policy = this.policyOf(context.getHandler(), context.getClass());

    if (policy.internal) {
      const token = request.headers[SERVICE_TOKEN_HEADER];
      const from =
        typeof token === 'string'
          ? verifyServiceToken(this.options.serviceTokenSecret, token, this.options.service)
          : undefined;
      if (!from) throw new UnauthorizedError('This route is for DialLink’s services: it needs a valid service token.');
      return true;
    }
    if (policy.public) {
      if (policy.rateLimitByAddress) await this.rateLimiter.hit(reply, `address:${request.ip}`, 'address');
      return true;
    }

    this.rateLimiter.refuseKnownFailures(request.ip);
    let principal: Principal;
    try {
      principal = await this.authenticate(request);
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
    if (policy.permissions.length === 0) return true;
    const missing = policy.permissions.filter((permission) => !principal.permissions.includes(permission));
    if (missing.length > 0) {
      throw new ForbiddenError(`This needs the ${missing.join(', ')} permission${missing.length > 1 ? 's' : ''}.`);
    }
    return true;
  }

  private policyOf(handler: object, controller: object): RoutePolicy {
    let byController = this.policies.get(handler);
    const known = byController?.get(controller);
    if (known) return known;
    const targets = [handler, controller] as Parameters<Reflector['getAllAndOverride']>[1];
    const policy: RoutePolicy = {
      internal: Boolean(this.reflector.getAllAndOverride<boolean>(INTERNAL_ROUTE, targets)),
      public: Boolean(this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)),
      rateLimitByAddress: Boolean(this.reflector.getAllAndOverride<boolean>(RATE_LIMIT_BY_ADDRESS, targets)),
      permissions: this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS, targets) ?? [],
    };
    if (!byController) this.policies.set(handler, (byController = new Map()));
    byController.set(controller, policy);
    return policy;
  }

  /**
   * The credential is chosen by the header present: X-API-KEY, else Authorization: Bearer. The
   * refusals are the ones Passport's strategies gave: an empty X-API-KEY is a missing credential.
   */
  private async authenticate(request: FastifyRequest): Promise<Principal> {
    const apiKey = request.headers['x-api-key'];
    const authorization = request.headers.authorization;
    let result: Authentication;
    if (apiKey !== undefined) {
      if (!apiKey) throw new UnauthorizedError('The credentials are not valid.');
      result = await this.credentials.apiKey(String(apiKey));
    } else if (authorization !== undefined) {
      const bearer = BEARER.exec(authorization);
      if (!bearer) throw new UnauthorizedError('The Authorization header must be `Bearer <access token>`.');
      result = await this.credentials.bearerToken(bearer[1]);
    } else {
      throw new UnauthorizedError();
    }
    if ('refused' in result) throw new UnauthorizedError(result.refused);
    return result;
  }
}
