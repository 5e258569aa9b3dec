import { DynamicModule } from '@nestjs/common';
import { CleanedEnv, baseConfigSpec, num, port, serviceDefinition, str } from '@diallink/common';
import { authConfigSpec } from '@diallink/auth';
import { eventsConfigSpec } from '@diallink/events';
import { AppModule } from './app.module';

export const SERVICE = serviceDefinition('phone-system');

export const configSpec = {
  ...baseConfigSpec,
  ...authConfigSpec,
  ...eventsConfigSpec,
  PORT: port({ default: 3002, desc: 'Port the Phone System listens on' }),
  DIALLINK_DATA_DIR: str({ default: '.diallink', desc: 'Local data directory; recordings are kept under <dir>/blobs' }),
  RECORDING_MAX_BYTES: num({ default: 100 * 1024 * 1024, desc: 'Largest recording upload in bytes' }),
};

export type PhoneSystemConfig = CleanedEnv<typeof configSpec>;

export function appModule(config: PhoneSystemConfig): DynamicModule {
  return AppModule.forRoot(config);
}
