import path from 'node:path';
import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { BLOB_STORE, LocalDiskBlobStore } from '@diallink/storage';
import { PHONE_SYSTEM_OPTIONS, PhoneSystemOptions } from '../phone-system-options';
import { registerAudioUploads } from './audio-upload';
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
export class RecordingsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Before Fastify is ready: the upload route's raw audio bodies (see `registerAudioUploads`). */
  onModuleInit(): void {
    registerAudioUploads(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }
}
