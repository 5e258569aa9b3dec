import { Module } from '@nestjs/common';
import { PhoneUsersController } from './phone-users.controller';
import { PhoneUsersService } from './phone-users.service';

@Module({ controllers: [PhoneUsersController], providers: [PhoneUsersService] })
export class PhoneUsersModule {}
