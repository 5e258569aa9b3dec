import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CallDirection, CallStatus } from '../../database';

/** An instant with a time zone: `2026-01-15T09:30:00Z`, `2026-01-15T10:30:00.250+01:00`. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE = '$property must be an ISO 8601 date-time with a time zone, e.g. 2026-01-15T09:30:00Z';
const MAX_DURATION_SECONDS = 7 * 24 * 3600;

/** Tags as sent, trimmed; the service drops duplicates. */
const trimTags = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value) ? value.map((tag) => (typeof tag === 'string' ? tag.trim() : tag)) : value;

/** PATCH: the only fields of a call that change after it is recorded. */
export class CallPatchRequest {
  @ApiPropertyOptional({
    example: 'Asked for a quote; call back Monday.',
    nullable: true,
    type: String,
    description: 'Free text; null clears it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['sales', 'follow-up'],
    description: 'Replaces the tags: at most 20, each 1 to 50 characters; duplicates are dropped, case is kept.',
  })
  @IsOptional()
  @Transform(trimTags)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];
}

/**
 * A call record, from the phone switch when a call ends or from click-to-call when it starts.
 * The service matches the external party's number to a contact. Consistency: answeredAt ≥
 * startedAt, endedAt ≥ answeredAt (and ≥ startedAt); durationSeconds is the talk time of an ended
 * call, endedAt − answeredAt (0 when never answered), derived when omitted.
 */
export class CallRequest extends PickType(CallPatchRequest, ['notes', 'tags'] as const) {
  @ApiProperty({ enum: CallDirection, example: 'OUTBOUND' })
  @IsEnum(CallDirection, { message: `direction must be one of ${Object.values(CallDirection).join(', ')}` })
  direction!: CallDirection;

  @ApiPropertyOptional({
    enum: CallStatus,
    default: 'RINGING',
    example: 'COMPLETED',
    description:
      'RINGING has neither answeredAt nor endedAt; IN_PROGRESS has no endedAt; COMPLETED was answered; ' +
      'MISSED and ABANDONED were not.',
  })
  @IsOptional()
  @IsEnum(CallStatus, { message: `status must be one of ${Object.values(CallStatus).join(', ')}` })
  status?: CallStatus;

  @ApiProperty({
    example: '+17175501675',
    description:
      'The caller. E.164 (separators are dropped: +1 717-550-1675 is stored as +17175501675); ' +
      'on an INTERNAL call also an extension of 2 to 8 digits.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  fromNumber!: string;

  @ApiProperty({ example: '+442071838750', description: 'The called number; same rules as fromNumber.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  toNumber!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The tenant’s user on the call (the caller of an OUTBOUND or INTERNAL call, the callee of an INBOUND one).',
  })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The Call Queue queue the call went through.' })
  @IsOptional()
  @IsUUID()
  queueId?: string;

  @ApiPropertyOptional({ example: '2026-01-15T09:30:00Z', description: 'When the call started ringing; default now.' })
  @IsOptional()
  @Matches(INSTANT, { message: INSTANT_MESSAGE })
  @IsISO8601({ strict: true }, { message: INSTANT_MESSAGE })
  startedAt?: string;

  @ApiPropertyOptional({ example: '2026-01-15T09:30:12Z' })
  @IsOptional()
  @Matches(INSTANT, { message: INSTANT_MESSAGE })
  @IsISO8601({ strict: true }, { message: INSTANT_MESSAGE })
  answeredAt?: string;

  @ApiPropertyOptional({ example: '2026-01-15T09:42:00Z' })
  @IsOptional()
  @Matches(INSTANT, { message: INSTANT_MESSAGE })
  @IsISO8601({ strict: true }, { message: INSTANT_MESSAGE })
  endedAt?: string;

  @ApiPropertyOptional({
    example: 708,
    description: 'Talk time in seconds: endedAt − answeredAt (±1 for rounding), 0 when never answered. Needs endedAt.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_DURATION_SECONDS)
  durationSeconds?: number;
}
