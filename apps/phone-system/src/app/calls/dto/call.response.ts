import { ApiProperty } from '@nestjs/swagger';
import { CallDirection, CallStatus } from '../../database';

/** One end of a call: its number and who it is, when known. */
export class CallPartyResponse {
  @ApiProperty({ example: '+17175501675', description: 'E.164, or an extension on an internal call.' })
  number!: string;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The contact whose number matched (external party only).',
  })
  contactId!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The tenant’s user at this end.' })
  userId!: string | null;
}

export class CallResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CallDirection, example: 'OUTBOUND' }) direction!: CallDirection;
  @ApiProperty({ enum: CallStatus, example: 'COMPLETED' }) status!: CallStatus;
  @ApiProperty({ type: CallPartyResponse, description: 'The caller.' }) from!: CallPartyResponse;
  @ApiProperty({ type: CallPartyResponse, description: 'The called party.' }) to!: CallPartyResponse;
  @ApiProperty({ example: '+17175501675', description: 'from.number, flat for filtering.' }) fromNumber!: string;
  @ApiProperty({ example: '+442071838750', description: 'to.number, flat for filtering.' }) toNumber!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The matched contact of the external party.',
  })
  contactId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) queueId!: string | null;
  @ApiProperty({ example: '2026-01-15T09:30:00.000Z' }) startedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) answeredAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) endedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Number, example: 708, description: 'Talk time; null until the call ends.' })
  durationSeconds!: number | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Its recording (GET /recordings/{id}).' })
  recordingId!: string | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ type: [String], example: ['sales'] }) tags!: string[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
