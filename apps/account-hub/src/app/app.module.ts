import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuthModule, authOptionsFrom, pem } from '@diallink/auth';
import { DbModule } from '@diallink/db';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { ACCOUNT_HUB_OPTIONS } from './common/account-hub-options';
import { RolesModule } from './roles/roles.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { TenantsModule } from './tenants/tenants.module';
import { TokensModule } from './tokens/tokens.module';
import { UsersModule } from './users/users.module';
import type { AccountHubConfig } from './service';

@Global()
@Module({})
export class AppModule {
  static forRoot(config: AccountHubConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot({ url: config.DATABASE_URL, poolMax: config.DB_POOL_MAX }),
        AuthModule.forRoot(authOptionsFrom(config)),
        TokensModule,
        UsersModule,
        RolesModule,
        ApiKeysModule,
        TenantsModule,
        SubscriptionsModule,
      ],
      providers: [
        {
          provide: ACCOUNT_HUB_OPTIONS,
          useValue: {
            jwtPrivateKey: pem(config.JWT_PRIVATE_KEY),
            accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
            refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
            signupEnabled: config.SIGNUP_ENABLED,
          },
        },
      ],
      exports: [ACCOUNT_HUB_OPTIONS],
    };
  }
}
