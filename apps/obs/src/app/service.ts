import { DynamicModule } from '@nestjs/common';
import { CleanedEnv, ServiceDefinition, baseConfigSpec, port } from '@diallink/common';
import { authConfigSpec } from '@diallink/auth';
import { AppModule } from './app.module';

export const SERVICE: ServiceDefinition = {
  name: 'obs',
  title: 'DialLink Object Bucket Storage API',
  description: 'Buckets and objects: documents, files and audio stored with DialLink.',
};

export const configSpec = {
  ...baseConfigSpec,
  ...authConfigSpec,
  PORT: port({ default: 3003, desc: 'Port the Object Bucket Storage listens on' }),
};

export type ObsConfig = CleanedEnv<typeof configSpec>;

export function appModule(config: ObsConfig): DynamicModule {
  return AppModule.forRoot(config);
}
