import { DynamicModule } from '@nestjs/common';
import { CleanedEnv, ServiceDefinition, baseConfigSpec, port } from '@diallink/common';
import { authConfigSpec } from '@diallink/auth';
import { AppModule } from './app.module';

export const SERVICE: ServiceDefinition = {
  name: 'phone-system',
  title: 'DialLink Phone System API',
  description: 'Phone users and presence, contacts, calls, recordings, auto-receptionists and phone numbers.',
};

export const configSpec = {
  ...baseConfigSpec,
  ...authConfigSpec,
  PORT: port({ default: 3002, desc: 'Port the Phone System listens on' }),
};

export type PhoneSystemConfig = CleanedEnv<typeof configSpec>;

export function appModule(config: PhoneSystemConfig): DynamicModule {
  return AppModule.forRoot(config);
}
