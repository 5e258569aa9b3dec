import { ApiProperty } from '@nestjs/swagger';

export class RecordingResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The call it is of.' }) callId!:
    string | null;
  @ApiProperty({ example: 'audio/mpeg', description: 'As uploaded, without parameters.' }) contentType!: string;
  @ApiProperty({ example: 204800 }) sizeBytes!: number;
  @ApiProperty({
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description: 'Hex SHA-256 of the audio; its ETag.',
  })
  sha256!: string;
  @ApiProperty({ nullable: true, type: Number, example: 708 }) durationSeconds!: number | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({
    example: '/v1/phone-system/recordings/4a18bc90-4a4d-448a-b48d-b808cf2a4c52/audio',
    description: 'Where to GET the audio (same credentials; Range and If-None-Match supported).',
  })
  downloadPath!: string;
}
