import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authOptionsFrom } from '@diallink/auth';
import { DbModule } from '@diallink/db';
import { EventsModule } from '@diallink/events';
import { serviceInfo } from '@diallink/registry';
import { CallQueueDatabase } from './database';
import type { CallQueueConfig } from './service';

const { schema } = serviceInfo('call-queue');

@Module({})
export class AppModule {
  static forRoot(config: CallQueueConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot({
          database: CallQueueDatabase,
          url: config.DATABASE_URL,
          schema,
          poolMax: config.DB_POOL_MAX,
          readinessTimeoutMs: config.HEALTH_DATABASE_TIMEOUT_MS,
        }),
        AuthModule.forRoot(authOptionsFrom(config, 'call-queue')),
        EventsModule.forRoot({ service: 'call-queue', schema, config }),
      ],
    };
  }
}
