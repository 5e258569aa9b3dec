import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ApiKeyRequest {
  @ApiProperty({ example: 'API key for integration', description: 'A user-friendly key name.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: true, description: 'The key status.' })
  @IsBoolean()
  enabled!: boolean;
}

export class ApiKeyPatchRequest extends PartialType(ApiKeyRequest) {}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid', example: '4a18bc90-4a4d-448a-b48d-b808cf2a4c52' })
  id!: string;

  @ApiProperty({ example: 'API key for integration' })
  name!: string;

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({
    example: 'XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX+XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXbc2a',
    description: 'Masked but for its last four characters: DialLink does not store the key.',
  })
  key!: string;

  @ApiProperty({ example: 1691146442391, description: 'Expiry, epoch milliseconds (365 days after creation).' })
  expiresAt!: number;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({
    example: '5d5b4ed1-0000-4000-8000-8c9d90d23c2b+58df84fc-0000-4000-8000-8d381496bc2a',
    description: 'The full key, shown only in this response: save it to a secure location.',
  })
  declare key: string;
}
