import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule, authOptionsFrom } from '@diallink/auth';
import { DbModule } from '@diallink/db';
import type { ObsConfig } from './service';

@Module({})
export class AppModule {
  static forRoot(config: ObsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot({ url: config.DATABASE_URL, poolMax: config.DB_POOL_MAX }),
        AuthModule.forRoot(authOptionsFrom(config, 'OBS')),
      ],
    };
  }
}
