import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class RoleRequest {
  @ApiProperty({ example: 'support-agent', description: 'Unique in the tenant; not one of the built-in names.' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9 _.-]{0,62}$/i, {
    message: 'name must be 1–63 letters, digits, spaces, dots, dashes or underscores',
  })
  name!: string;

  @ApiPropertyOptional({ type: String, example: 'Answers calls and keeps contacts up to date.', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiProperty({ type: [String], example: ['phone-system:contacts:read', 'phone-system:contacts:write'] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  permissions!: string[];
}

export class RolePatchRequest extends PartialType(RoleRequest) {}

export class RoleResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'viewer' }) name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ description: 'owner, admin, member and viewer are built in and read-only.' }) builtIn!: boolean;
  @ApiProperty({ type: [String] }) permissions!: string[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class PermissionResponse {
  @ApiProperty({ example: 'phone-system:contacts:read' }) name!: string;
  @ApiProperty({ example: 'phone-system' }) service!: string;
  @ApiProperty({ example: 'contacts' }) resource!: string;
  @ApiProperty({ enum: ['read', 'write'] }) access!: 'read' | 'write';
  @ApiProperty() description!: string;
}
