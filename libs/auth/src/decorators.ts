import { SetMetadata, applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiSecurity,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Permission } from './permissions';
import { Principal } from './principal';

export const REQUIRED_PERMISSIONS = 'diallink:permissions';
export const RATE_LIMIT_BY_ADDRESS = 'diallink:rate-limit-by-address';

/**
 * Who may call a route: any authenticated caller of the tenant when no permission is named,
 * otherwise a caller holding every named permission (403 without). A permission is one of the
 * catalogue's (`Permission`): a typo does not compile.
 */
export function Authorize(...permissions: Permission[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_PERMISSIONS, permissions),
    ApiSecurity('api-key'),
    ApiSecurity('bearer'),
    ApiUnauthorizedResponse({ description: 'Missing, malformed, unknown, expired or disabled credentials.' }),
    ApiForbiddenResponse({
      description: permissions.length
        ? `Requires ${permissions.join(', ')} (or the tenant lacks this product).`
        : 'The tenant lacks this product.',
    }),
    ApiTooManyRequestsResponse({ description: 'Rate limit exceeded; see Retry-After.' }),
  );
}

/** A public route that hands out credentials: limited per client address (login, sign-up). */
export const RateLimitByAddress = (): MethodDecorator => SetMetadata(RATE_LIMIT_BY_ADDRESS, true);

/** The authenticated caller of the request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
