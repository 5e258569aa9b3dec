import { ApiProperty } from '@nestjs/swagger';
import { PhoneNumberCapability, PhoneNumberRouteType } from '../../database';

export class PhoneNumberRouteResponse {
  @ApiProperty({ enum: PhoneNumberRouteType, example: 'AUTO_RECEPTIONIST' }) type!: PhoneNumberRouteType;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The user, auto-receptionist or queue; null when UNASSIGNED.',
  })
  targetId!: string | null;
}

export class PhoneNumberResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '+14155550100', description: 'E.164.' }) number!: string;
  @ApiProperty({ example: 'Sales hotline', nullable: true, type: String }) label!: string | null;
  @ApiProperty({ enum: PhoneNumberCapability, isArray: true, example: ['VOICE', 'SMS'] })
  capabilities!: PhoneNumberCapability[];
  @ApiProperty({ type: PhoneNumberRouteResponse }) route!: PhoneNumberRouteResponse;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
