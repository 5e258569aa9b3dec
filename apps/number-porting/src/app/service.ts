import { DynamicModule } from '@nestjs/common';
import { CleanedEnv, ServiceDefinition, baseConfigSpec, port } from '@diallink/common';
import { authConfigSpec } from '@diallink/auth';
import { AppModule } from './app.module';

export const SERVICE: ServiceDefinition = {
  name: 'number-porting',
  title: 'DialLink Number Porting API',
  description: 'Port requests and portability checks for bringing numbers to DialLink.',
};

export const configSpec = {
  ...baseConfigSpec,
  ...authConfigSpec,
  PORT: port({ default: 3005, desc: 'Port the Number Porting listens on' }),
};

export type NumberPortingConfig = CleanedEnv<typeof configSpec>;

export function appModule(config: NumberPortingConfig): DynamicModule {
  return AppModule.forRoot(config);
}
