import { DynamicModule } from '@nestjs/common';
import { CleanedEnv, baseConfigSpec, port, serviceDefinition } from '@diallink/common';
import { authConfigSpec } from '@diallink/auth';
import { eventsConfigSpec } from '@diallink/events';
import { AppModule } from './app.module';

export const SERVICE = serviceDefinition('call-queue');

export const configSpec = {
  ...baseConfigSpec,
  ...authConfigSpec,
  ...eventsConfigSpec,
  PORT: port({ default: 3004, desc: 'Port the Call Queue listens on' }),
};

export type CallQueueConfig = CleanedEnv<typeof configSpec>;

export function appModule(config: CallQueueConfig): DynamicModule {
  return AppModule.forRoot(config);
}
