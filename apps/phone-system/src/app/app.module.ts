import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuthModule, authOptionsFrom } from '@diallink/auth';
import { DbModule } from '@diallink/db';
import { EVENT_HANDLERS, EventsModule } from '@diallink/events';
import { serviceInfo } from '@diallink/registry';
import { AutoReceptionistsModule } from './auto-receptionists/auto-receptionists.module';
import { CallsModule } from './calls/calls.module';
import { ContactsModule } from './contacts/contacts.module';
import { AUTO_RECEPTIONIST_QUERY } from './auto-receptionists/auto-receptionist.query';
import { CALL_QUERY } from './calls/call.query';
import { CONTACT_QUERY } from './contacts/contact.query';
import { PhoneSystemDatabase, checkListQueries } from './database';
import { PHONE_NUMBER_QUERY } from './phone-numbers/phone-number.query';
import { RECORDING_QUERY } from './recordings/recording.query';
import { PHONE_USER_QUERY } from './users/phone-user.query';
import { AccountHubEventHandlers } from './events/account-hub.handlers';
import { PHONE_SYSTEM_OPTIONS } from './phone-system-options';
import { PhoneNumbersModule } from './phone-numbers/phone-numbers.module';
import { RecordingsModule } from './recordings/recordings.module';
import { PhoneUsersModule } from './users/users.module';
import type { PhoneSystemConfig } from './service';

const { schema } = serviceInfo('phone-system');

/** Every list of the service, by the model it lists: checked against the schema at start-up. */
export const LIST_QUERIES = {
  AutoReceptionist: AUTO_RECEPTIONIST_QUERY,
  Call: CALL_QUERY,
  Contact: CONTACT_QUERY,
  PhoneNumber: PHONE_NUMBER_QUERY,
  Recording: RECORDING_QUERY,
  User: PHONE_USER_QUERY,
};

@Global()
@Module({})
export class AppModule {
  static forRoot(config: PhoneSystemConfig): DynamicModule {
    checkListQueries(LIST_QUERIES);
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot({
          database: PhoneSystemDatabase,
          url: config.DATABASE_URL,
          schema,
          poolMax: config.DB_POOL_MAX,
          readinessTimeoutMs: config.HEALTH_DATABASE_TIMEOUT_MS,
        }),
        AuthModule.forRoot(authOptionsFrom(config, 'phone-system')),
        EventsModule.forRoot({
          service: 'phone-system',
          schema,
          config,
          providers: [{ provide: EVENT_HANDLERS, useClass: AccountHubEventHandlers }],
        }),
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
