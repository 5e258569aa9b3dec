import { DynamicModule } from '@nestjs/common';
import { CleanedEnv, baseConfigSpec, port, serviceDefinition } from '@diallink/common';
import { authConfigSpec } from '@diallink/auth';
import { eventsConfigSpec } from '@diallink/events';
import { AppModule } from './app.module';

export const SERVICE = serviceDefinition('obs');

export const configSpec = {
  ...baseConfigSpec,
  ...authConfigSpec,
  ...eventsConfigSpec,
  PORT: port({ default: 3003, desc: 'Port the Object Bucket Storage listens on' }),
};

export type ObsConfig = CleanedEnv<typeof configSpec>;

export function appModule(config: ObsConfig): DynamicModule {
  return AppModule.forRoot(config);
}
