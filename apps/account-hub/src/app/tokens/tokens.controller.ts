import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { BadRequestError, Public, ApiErrors } from '@diallink/common';
import { RateLimitByAddress } from '@diallink/auth';
import { LogoutRequest, TokenRequest } from './dto/token.request';
import { TokenPairResponse } from './dto/token-pair.response';
import { TokenService } from './token.service';

@ApiTags('auth')
@Controller('auth/tokens')
export class TokensController {
  constructor(private readonly tokens: TokenService) {}

  @Post()
  @Public()
  @RateLimitByAddress()
  @ApiErrors({ 429: 'Too many requests from your address: wait Retry-After seconds.' })
  @ApiOperation({ summary: 'Log in with {email, password}, or exchange {refreshToken} for a new pair.' })
  @ApiCreatedResponse({ type: TokenPairResponse })
  @ApiBadRequestResponse({ description: 'Neither or both forms given.' })
  @ApiUnauthorizedResponse({
    description: 'Wrong email or password, or a refresh token that is unknown, expired, revoked or reused.',
  })
  create(@Body() body: TokenRequest): Promise<TokenPairResponse> {
    const login = body.email !== undefined || body.password !== undefined;
    if (login && body.refreshToken !== undefined) {
      throw new BadRequestError('Send either email and password, or refreshToken — not both.');
    }
    if (body.refreshToken !== undefined) return this.tokens.refresh(body.refreshToken);
    if (body.email === undefined || body.password === undefined) {
      throw new BadRequestError('Send email and password to log in, or refreshToken to refresh.', [
        ...(body.email === undefined ? [{ field: 'email', message: 'email is required to log in' }] : []),
        ...(body.password === undefined ? [{ field: 'password', message: 'password is required to log in' }] : []),
      ]);
    }
    return this.tokens.login(body.email, body.password);
  }

  @Delete()
  @Public()
  @RateLimitByAddress()
  @ApiErrors({ 429: 'Too many requests from your address: wait Retry-After seconds.' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out: revoke the session (every refresh token of its chain).' })
  @ApiNoContentResponse()
  async remove(@Body() body: LogoutRequest): Promise<void> {
    await this.tokens.logout(body.refreshToken);
  }
}
