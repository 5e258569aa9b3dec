import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { PresenceStatus } from '../../database';

export class PresenceRequest {
  @ApiProperty({ enum: PresenceStatus, example: 'BUSY' })
  @IsEnum(PresenceStatus, { message: `status must be one of ${Object.values(PresenceStatus).join(', ')}` })
  status!: PresenceStatus;
}

/** PATCH: presence and call settings; only what is sent changes. */
export class PhoneUserPatchRequest {
  @ApiPropertyOptional({ type: PresenceRequest, example: { status: 'BUSY' } })
  @IsOptional()
  @ValidateNested()
  @Type(() => PresenceRequest)
  status?: PresenceRequest;

  @ApiPropertyOptional({ example: true, description: 'Whether the user can take several calls at once.' })
  @IsOptional()
  @IsBoolean()
  parallelCallsEnabled?: boolean;
}

export class PresenceResponse {
  @ApiProperty({ enum: PresenceStatus, example: 'OFFLINE' })
  status!: PresenceStatus;
}

/** The reference's phone user. */
export class PhoneUserResponse {
  @ApiProperty({ format: 'uuid', example: '758e5507-ab14-4835-99ce-0020a12ea467' }) id!: string;
  @ApiProperty({ type: PresenceResponse }) status!: PresenceResponse;
  @ApiProperty({ example: 'john.doe@company.com' }) email!: string;
  @ApiProperty({ example: 'John' }) firstName!: string;
  @ApiProperty({ example: 'Doe' }) lastName!: string;
  @ApiProperty({ example: 'CEO', nullable: true, type: String }) jobTitle!: string | null;
  @ApiProperty({ example: true, description: 'Holds the owner or admin role.' }) admin!: boolean;
  @ApiProperty({ example: true }) parallelCallsEnabled!: boolean;
}
