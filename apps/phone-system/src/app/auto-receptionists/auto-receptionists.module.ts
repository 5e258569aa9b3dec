import { Module } from '@nestjs/common';
import { AutoReceptionistsController } from './auto-receptionists.controller';
import { AutoReceptionistsService } from './auto-receptionists.service';

@Module({ controllers: [AutoReceptionistsController], providers: [AutoReceptionistsService] })
export class AutoReceptionistsModule {}
