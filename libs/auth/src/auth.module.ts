import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiGuard } from './api.guard';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';
import { PrincipalService } from './principal.service';
import { RATE_LIMIT_STORAGE, RateLimiter, createRateLimitStorage } from './rate-limiter';
import { ApiKeyStrategy, BearerStrategy, CredentialResolver } from './strategies';

/**
 * Authentication, rate limits and permissions for a whole service: import once in the app
 * module and every route is protected unless marked `@Public()`.
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        { provide: RATE_LIMIT_STORAGE, useFactory: () => createRateLimitStorage(options) },
        PrincipalService,
        CredentialResolver,
        ApiKeyStrategy,
        BearerStrategy,
        RateLimiter,
        { provide: APP_GUARD, useClass: ApiGuard },
      ],
      exports: [AUTH_OPTIONS, PrincipalService, CredentialResolver, RateLimiter],
    };
  }
}
