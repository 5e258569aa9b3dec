import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuthModule, authOptionsFrom } from '@diallink/auth';
import { DbModule } from '@diallink/db';
import { AutoReceptionistsModule } from './auto-receptionists/auto-receptionists.module';
import { CallsModule } from './calls/calls.module';
import { ContactsModule } from './contacts/contacts.module';
import { PHONE_SYSTEM_OPTIONS } from './phone-system-options';
import { PhoneNumbersModule } from './phone-numbers/phone-numbers.module';
import { RecordingsModule } from './recordings/recordings.module';
import { PhoneUsersModule } from './users/users.module';
import type { PhoneSystemConfig } from './service';

@Global()
@Module({})
export class AppModule {
  static forRoot(config: PhoneSystemConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot({ url: config.DATABASE_URL, poolMax: config.DB_POOL_MAX }),
        AuthModule.forRoot(authOptionsFrom(config, 'PHONE_SYSTEM')),
        PhoneUsersModule,
        ContactsModule,
        CallsModule,
        RecordingsModule,
        AutoReceptionistsModule,
        PhoneNumbersModule,
      ],
      providers: [
        {
          provide: PHONE_SYSTEM_OPTIONS,
          useValue: { dataDir: config.DIALLINK_DATA_DIR, recordingMaxBytes: config.RECORDING_MAX_BYTES },
        },
      ],
      exports: [PHONE_SYSTEM_OPTIONS],
    };
  }
}
