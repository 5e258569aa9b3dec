import { DynamicModule } from '@nestjs/common';
import { CleanedEnv, baseConfigSpec, port, serviceDefinition } from '@diallink/common';
import { authConfigSpec } from '@diallink/auth';
import { eventsConfigSpec } from '@diallink/events';
import { AppModule } from './app.module';

export const SERVICE = serviceDefinition('number-porting');

export const configSpec = {
  ...baseConfigSpec,
  ...authConfigSpec,
  ...eventsConfigSpec,
  PORT: port({ default: 3005, desc: 'Port the Number Porting listens on' }),
};

export type NumberPortingConfig = CleanedEnv<typeof configSpec>;

export function appModule(config: NumberPortingConfig): DynamicModule {
  return AppModule.forRoot(config);
}
