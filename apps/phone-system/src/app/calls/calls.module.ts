import { Module } from '@nestjs/common';
import { RecordingsModule } from '../recordings/recordings.module';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';

@Module({ imports: [RecordingsModule], controllers: [CallsController], providers: [CallsService] })
export class CallsModule {}
