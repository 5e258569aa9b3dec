import { DynamicModule, Module } from '@nestjs/common';
import { DbModule } from '@diallink/db';
import type { PhoneSystemConfig } from './service';

@Module({})
export class AppModule {
  static forRoot(config: PhoneSystemConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [DbModule.forRoot({ url: config.DATABASE_URL, poolMax: config.DB_POOL_MAX })],
    };
  }
}
