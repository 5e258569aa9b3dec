import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';

export class UserRequest {
  @ApiProperty({ example: 'jane.roe@company.com', description: 'Unique across DialLink; used to log in.' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ description: '8 to 128 characters; stored only as an argon2id hash.', writeOnly: true })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password!: string;

  @ApiProperty({ example: 'Jane' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  firstName!: string;

  @ApiProperty({ example: 'Roe' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  lastName!: string;

  @ApiPropertyOptional({ type: String, example: 'Sales Manager', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  jobTitle?: string | null;

  @ApiPropertyOptional({
    default: true,
    description: 'A disabled user cannot log in, and their API keys stop working.',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    type: [String],
    example: ['member'],
    default: ['member'],
    description: 'Role names or ids of the tenant. You can grant only roles whose permissions you hold.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  roles?: string[];
}

/** PUT: the whole user but the password (changed only by PATCH); omitted optional fields are cleared. */
export class UserPutRequest extends OmitType(UserRequest, ['password', 'roles'] as const) {
  @ApiProperty({ type: [String], example: ['member'], description: 'Role names or ids; replaces the current roles.' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  roles!: string[];
}

export class UserPatchRequest extends PartialType(UserRequest) {}

export class RoleRefResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'member' }) name!: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ nullable: true, type: String }) jobTitle!: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: [RoleRefResponse] }) roles!: RoleRefResponse[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class MeTenantResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() timezone!: string;
  @ApiProperty() locale!: string;
}

export class MeResponse {
  @ApiProperty({ type: UserResponse }) user!: UserResponse;
  @ApiProperty({ type: MeTenantResponse }) tenant!: MeTenantResponse;
  @ApiProperty({ type: [RoleRefResponse] }) roles!: RoleRefResponse[];
  @ApiProperty({ type: [String], example: ['phone-system:contacts:read'], description: 'Effective permissions.' })
  permissions!: string[];
  @ApiProperty({ type: [String], example: ['PHONE_SYSTEM'], description: 'Products the tenant subscribes to.' })
  products!: string[];
  @ApiProperty({ enum: ['api-key', 'bearer'], description: 'How this request authenticated.' })
  authenticatedWith!: 'api-key' | 'bearer';
}
