import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authOptionsFrom } from '@diallink/auth';
import { DbModule } from '@diallink/db';
import { EventsModule } from '@diallink/events';
import { serviceInfo } from '@diallink/registry';
import { ObsDatabase } from './database';
import type { ObsConfig } from './service';

const { schema } = serviceInfo('obs');

@Module({})
export class AppModule {
  static forRoot(config: ObsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot({
          database: ObsDatabase,
          url: config.DATABASE_URL,
          schema,
          poolMax: config.DB_POOL_MAX,
          readinessTimeoutMs: config.HEALTH_DATABASE_TIMEOUT_MS,
        }),
        AuthModule.forRoot(authOptionsFrom(config, 'obs')),
        EventsModule.forRoot({ service: 'obs', schema, config }),
      ],
    };
  }
}
