import { ApiProperty } from '@nestjs/swagger';

export class TokenPairResponse {
  @ApiProperty({ description: 'Signed JWT (ES256) for `Authorization: Bearer`; lives 1 minute.' })
  accessToken!: string;

  @ApiProperty({ description: 'Opaque token for POST /auth/tokens {refreshToken}; lives 10 minutes, usable once.' })
  refreshToken!: string;

  @ApiProperty({ description: 'Expiry of the access token, epoch milliseconds.', example: 1691146442391 })
  accessTokenExpiresAt!: number;

  @ApiProperty({ description: 'Expiry of the refresh token, epoch milliseconds.', example: 1691146982391 })
  refreshTokenExpiresAt!: number;
}
