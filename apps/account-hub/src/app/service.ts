import { DynamicModule } from '@nestjs/common';
import { CleanedEnv, ServiceDefinition, baseConfigSpec, port } from '@diallink/common';
import { AppModule } from './app.module';

export const SERVICE: ServiceDefinition = {
  name: 'account-hub',
  title: 'DialLink Account Hub API',
  description: 'Tenants, users, roles and permissions, API keys, auth tokens and subscriptions.',
};

export const configSpec = {
  ...baseConfigSpec,
  PORT: port({ default: 3001, desc: 'Port the Account Hub listens on' }),
};

export type AccountHubConfig = CleanedEnv<typeof configSpec>;

export function appModule(config: AccountHubConfig): DynamicModule {
  return AppModule.forRoot(config);
}
