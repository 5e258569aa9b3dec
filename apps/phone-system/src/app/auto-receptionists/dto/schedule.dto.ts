import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsClosingTime, IsLocalDate, IsTimeOfDay } from './validators';

// Value objects of a receptionist's schedule: the same shape in requests and responses.

export class TimeInterval {
  @ApiProperty({ example: '09:00', description: 'Opening time, local wall-clock time HH:mm (00:00–23:59), inclusive.' })
  @IsTimeOfDay()
  open!: string;

  @ApiProperty({
    example: '17:00',
    description: 'Closing time HH:mm, exclusive; later than `open` on the same day. `24:00` closes at midnight.',
  })
  @IsClosingTime()
  close!: string;
}

const DAY_DESCRIPTION =
  'Opening intervals of the day, in the receptionist’s time zone. Absent, null or [] is closed all day. ' +
  'Intervals must not overlap (touching, as 12:00–13:00 after 09:00–12:00, is fine). A shift across ' +
  'midnight is two intervals: 22:00–24:00 and 00:00–02:00 of the next day.';

function Day(): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    ApiPropertyOptional({
      type: [TimeInterval],
      nullable: true,
      description: DAY_DESCRIPTION,
      example: [{ open: '09:00', close: '17:00' }],
    })(target, property);
    IsOptional()(target, property);
    IsArray()(target, property);
    ArrayMaxSize(24)(target, property);
    ValidateNested({ each: true })(target, property);
    Type(() => TimeInterval)(target, property);
  };
}

/** The weekly opening hours; answered with all seven days, closed days as []. */
export class WeeklyHours {
  @Day() monday?: TimeInterval[] | null;
  @Day() tuesday?: TimeInterval[] | null;
  @Day() wednesday?: TimeInterval[] | null;
  @Day() thursday?: TimeInterval[] | null;
  @Day() friday?: TimeInterval[] | null;
  @Day() saturday?: TimeInterval[] | null;
  @Day() sunday?: TimeInterval[] | null;
}

export class Holiday {
  @ApiProperty({
    example: '2026-12-25',
    description: 'Closed all day on this local date (in the receptionist’s time zone).',
  })
  @IsLocalDate()
  date!: string;

  @ApiProperty({ example: 'Christmas Day' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;
}
