import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authOptionsFrom } from '@diallink/auth';
import { DbModule } from '@diallink/db';
import { EventsModule } from '@diallink/events';
import { serviceInfo } from '@diallink/registry';
import { NumberPortingDatabase } from './database';
import type { NumberPortingConfig } from './service';

const { schema } = serviceInfo('number-porting');

@Module({})
export class AppModule {
  static forRoot(config: NumberPortingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot({
          database: NumberPortingDatabase,
          url: config.DATABASE_URL,
          schema,
          poolMax: config.DB_POOL_MAX,
          readinessTimeoutMs: config.HEALTH_DATABASE_TIMEOUT_MS,
        }),
        AuthModule.forRoot(authOptionsFrom(config, 'number-porting')),
        EventsModule.forRoot({ service: 'number-porting', schema, config }),
      ],
    };
  }
}
