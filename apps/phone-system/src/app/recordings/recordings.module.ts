import path from 'node:path';
import { Module } from '@nestjs/common';
import { BLOB_STORE, LocalDiskBlobStore } from '@diallink/storage';
import { PHONE_SYSTEM_OPTIONS, PhoneSystemOptions } from '../phone-system-options';
import { RecordingsController } from './recordings.controller';
import { RecordingsService } from './recordings.service';

@Module({
  controllers: [RecordingsController],
  providers: [
    RecordingsService,
    {
      provide: BLOB_STORE,
      inject: [PHONE_SYSTEM_OPTIONS],
      useFactory: (options: PhoneSystemOptions) => new LocalDiskBlobStore(path.join(options.dataDir, 'blobs')),
    },
  ],
  exports: [RecordingsService],
})
export class RecordingsModule {}
