import { DynamicModule } from '@nestjs/common';
import { CleanedEnv, ServiceDefinition, baseConfigSpec, port } from '@diallink/common';
import { authConfigSpec } from '@diallink/auth';
import { AppModule } from './app.module';

export const SERVICE: ServiceDefinition = {
  name: 'call-queue',
  title: 'DialLink Call Queue API',
  description: 'Call queues, their agents, waiting calls, assignment and statistics.',
};

export const configSpec = {
  ...baseConfigSpec,
  ...authConfigSpec,
  PORT: port({ default: 3004, desc: 'Port the Call Queue listens on' }),
};

export type CallQueueConfig = CleanedEnv<typeof configSpec>;

export function appModule(config: CallQueueConfig): DynamicModule {
  return AppModule.forRoot(config);
}
