import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuthModule, authOptionsFrom, pem } from '@diallink/auth';
import { DbModule } from '@diallink/db';
import { EventsModule, REPLAY_SOURCE } from '@diallink/events';
import { serviceInfo } from '@diallink/registry';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { ACCOUNT_HUB_OPTIONS } from './common/account-hub-options';
import { API_KEY_QUERY } from './api-keys/api-key.query';
import { AccountHubDatabase, checkListQueries } from './database';
import { ROLE_QUERY } from './roles/role.query';
import { USER_QUERY } from './users/user.query';
import { AccountChanges } from './events/account-changes';
import { AccountHubReplaySource } from './events/replay-source';
import { RolesModule } from './roles/roles.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { TenantsModule } from './tenants/tenants.module';
import { TokensModule } from './tokens/tokens.module';
import { UsersModule } from './users/users.module';
import type { AccountHubConfig } from './service';

const { schema } = serviceInfo('account-hub');

/** Every list of the service, by the model it lists: checked against the schema at start-up. */
export const LIST_QUERIES = { ApiKey: API_KEY_QUERY, Role: ROLE_QUERY, User: USER_QUERY };

@Global()
@Module({})
export class AppModule {
  static forRoot(config: AccountHubConfig): DynamicModule {
    checkListQueries(LIST_QUERIES);
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot({
          database: AccountHubDatabase,
          url: config.DATABASE_URL,
          schema,
          poolMax: config.DB_POOL_MAX,
          readinessTimeoutMs: config.HEALTH_DATABASE_TIMEOUT_MS,
        }),
        AuthModule.forRoot(authOptionsFrom(config, 'account-hub')),
        EventsModule.forRoot({
          service: 'account-hub',
          schema,
          config,
          providers: [{ provide: REPLAY_SOURCE, useClass: AccountHubReplaySource }],
        }),
        TokensModule,
        UsersModule,
        RolesModule,
        ApiKeysModule,
        TenantsModule,
        SubscriptionsModule,
      ],
      providers: [
        AccountChanges,
        {
          provide: ACCOUNT_HUB_OPTIONS,
          useValue: {
            jwtPrivateKey: pem(config.JWT_PRIVATE_KEY),
            accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
            refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
            signupEnabled: config.SIGNUP_ENABLED,
            maxApiKeysPerUser: config.MAX_API_KEYS_PER_USER,
          },
        },
      ],
      exports: [ACCOUNT_HUB_OPTIONS, AccountChanges],
    };
  }
}
