import { DynamicModule } from '@nestjs/common';
import { CleanedEnv, baseConfigSpec, bool, num, port, serviceDefinition, str } from '@diallink/common';
import { authConfigSpec } from '@diallink/auth';
import { eventsConfigSpec } from '@diallink/events';
import { AppModule } from './app.module';

export const SERVICE = serviceDefinition('account-hub');

export const configSpec = {
  ...baseConfigSpec,
  ...authConfigSpec,
  ...eventsConfigSpec,
  PORT: port({ default: 3001, desc: 'Port the Account Hub listens on' }),
  JWT_PRIVATE_KEY: str({ desc: 'PEM private key (ES256, P-256) that signs access tokens' }),
  ACCESS_TOKEN_TTL_SECONDS: num({ default: 60, desc: 'Lifetime of an access token' }),
  REFRESH_TOKEN_TTL_SECONDS: num({ default: 600, desc: 'Lifetime of a refresh token' }),
  SIGNUP_ENABLED: bool({ default: true, desc: 'Whether POST /tenants (public sign-up) is open' }),
  MAX_API_KEYS_PER_USER: num({ default: 25, desc: 'API keys one user may hold at once' }),
};

export type AccountHubConfig = CleanedEnv<typeof configSpec>;

export function appModule(config: AccountHubConfig): DynamicModule {
  return AppModule.forRoot(config);
}
