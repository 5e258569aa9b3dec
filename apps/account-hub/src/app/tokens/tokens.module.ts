import { Module } from '@nestjs/common';
import { TokenService } from './token.service';
import { TokensController } from './tokens.controller';

@Module({ controllers: [TokensController], providers: [TokenService], exports: [TokenService] })
export class TokensModule {}
