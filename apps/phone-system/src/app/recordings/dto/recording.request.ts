import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, IsOptional, Max, Min } from 'class-validator';

/** The query of `POST /recordings?callId=…&durationSeconds=…`; the body is the audio. */
export class RecordingUploadQuery {
  @ApiProperty({ format: 'uuid', description: 'The call the recording is of; it must have none yet.' })
  @IsUUID()
  callId!: string;

  @ApiPropertyOptional({ example: 708, description: 'Length of the audio in seconds, when known.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600)
  durationSeconds?: number;
}
