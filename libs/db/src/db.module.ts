import { DynamicModule, Global, Module } from '@nestjs/common';
import { HealthController } from './health/health.controller';
import { DB_OPTIONS, DbOptions, PrismaService } from './prisma.service';

/** Gives a service its `PrismaService` and its `GET /health`. Import once, in the app module. */
@Global()
@Module({})
export class DbModule {
  static forRoot(options: DbOptions): DynamicModule {
    return {
      module: DbModule,
      controllers: [HealthController],
      providers: [{ provide: DB_OPTIONS, useValue: options }, PrismaService],
      exports: [PrismaService],
    };
  }
}
