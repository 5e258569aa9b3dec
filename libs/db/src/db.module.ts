import { DynamicModule, Global, Inject, Injectable, Module, OnModuleDestroy, Type } from '@nestjs/common';
import { HealthController, HealthRegistry } from './health/health.controller';
import { DB_OPTIONS, DbOptions, ServiceDatabase } from './service-database';

/** Closes the service's database pool when the application shuts down. */
@Injectable()
class DatabaseLifecycle implements OnModuleDestroy {
  constructor(@Inject(ServiceDatabase) private readonly database: ServiceDatabase<object>) {}

  async onModuleDestroy(): Promise<void> {
    await this.database.disconnect();
  }
}

/**
 * Gives a service its database (`database`: the app's `ServiceDatabase` subclass over its own
 * generated client) and its `GET /health`. Import once, in the app module.
 */
@Global()
@Module({})
export class DbModule {
  static forRoot(options: DbOptions & { database: Type<ServiceDatabase<object>> }): DynamicModule {
    const { database, ...dbOptions } = options;
    return {
      module: DbModule,
      controllers: [HealthController],
      providers: [
        { provide: DB_OPTIONS, useValue: dbOptions },
        database,
        { provide: ServiceDatabase, useExisting: database },
        HealthRegistry,
        DatabaseLifecycle,
      ],
      exports: [DB_OPTIONS, database, ServiceDatabase, HealthRegistry],
    };
  }
}
