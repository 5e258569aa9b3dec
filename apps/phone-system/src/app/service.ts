import { DynamicModule } from '@nestjs/common';
import { CleanedEnv, ServiceDefinition, baseConfigSpec, num, port, str } from '@diallink/common';
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
  DIALLINK_DATA_DIR: str({ default: '.diallink', desc: 'Local data directory; recordings are kept under <dir>/blobs' }),
  RECORDING_MAX_BYTES: num({ default: 100 * 1024 * 1024, desc: 'Largest recording upload in bytes' }),
};

export type PhoneSystemConfig = CleanedEnv<typeof configSpec>;

export function appModule(config: PhoneSystemConfig): DynamicModule {
  return AppModule.forRoot(config);
}
