import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Either `{email, password}` (login) or `{refreshToken}` (refresh), not both. */
export class TokenRequest {
  @ApiPropertyOptional({ description: 'Login: the user’s email.', example: 'admin@diallink.local' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: 'Login: the user’s password.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password?: string;

  @ApiPropertyOptional({ description: 'Refresh: the refresh token of the current pair.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refreshToken?: string;
}

export class LogoutRequest {
  @ApiPropertyOptional({ description: 'The refresh token of the session to end.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refreshToken!: string;
}
