import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ACTION_SCHEMA, Action, ActionType, Greeting, GreetingProperty, Menu } from './menu.dto';
import { Holiday, WeeklyHours } from './schedule.dto';
import { IsInstant, IsTimeZone } from './validators';

/** POST and PUT: the whole receptionist. PUT clears what it omits (holidays → [], greeting → null). */
export class AutoReceptionistRequest {
  @ApiProperty({ example: 'Main line', description: 'Unique in the tenant.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Matches(/^\S(.*\S)?$/s, { message: 'name must not start or end with white space' })
  name!: string;

  @ApiProperty({
    example: 'Europe/Berlin',
    description: 'IANA time zone in which business hours and holidays are read; answered in its canonical spelling.',
  })
  @IsTimeZone()
  timezone!: string;

  @ApiProperty({
    type: WeeklyHours,
    description: 'When the menu answers; outside these hours (and on holidays) afterHours does.',
    example: {
      monday: [{ open: '09:00', close: '17:00' }],
      tuesday: [
        { open: '09:00', close: '12:00' },
        { open: '13:00', close: '17:00' },
      ],
    },
  })
  @IsObject()
  @ValidateNested()
  @Type(() => WeeklyHours)
  businessHours!: WeeklyHours;

  @ApiPropertyOptional({
    type: [Holiday],
    nullable: true,
    default: [],
    description: 'Days closed all day; each date at most once. null is none.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @ValidateNested({ each: true })
  @Type(() => Holiday)
  holidays?: Holiday[] | null;

  @GreetingProperty('Played when a call arrives, open or closed. A RECORDING must be one of your tenant’s recordings.')
  greeting?: Greeting | null;

  @ApiProperty({ type: Menu, description: 'The key-press menu callers reach during business hours.' })
  @IsObject()
  @ValidateNested()
  @Type(() => Menu)
  menu!: Menu;

  @ApiProperty({
    ...ACTION_SCHEMA,
    description: 'Where callers go when closed: any action but REPEAT; a SUB_MENU gives them a menu of its own.',
    example: { type: 'VOICEMAIL', userId: null },
  })
  @IsObject()
  @ValidateNested()
  @ActionType()
  afterHours!: Action;
}

/**
 * PATCH: only the top-level fields sent change, each replaced as a whole (a sent `menu` is the new
 * menu). `greeting: null` and `holidays: null` clear; null for a required field is a 400.
 */
export class AutoReceptionistPatchRequest extends PartialType(AutoReceptionistRequest, { skipNullProperties: false }) {}

/** GET /auto-receptionists/{id}/route: where a call at `at` pressing `key` would go. */
export class RouteQueryRequest {
  @ApiPropertyOptional({
    example: '2026-03-30T07:30:00Z',
    description:
      'An ISO 8601 instant with `Z` or an offset (`2026-03-30T09:30:00+02:00`; write `+` as %2B). Default: now.',
  })
  @IsOptional()
  @IsInstant()
  at?: string;

  @ApiPropertyOptional({
    example: '2',
    description:
      'The key pressed, or several pressed in turn, each in the menu the previous one reached (`21`: 2, then 1 in its sub-menu). Keys 0–9, * and # (write # as %23); at most 20.',
  })
  @IsOptional()
  @Matches(/^[0-9*#]{1,20}$/, { message: 'key must be 1 to 20 keypad keys: 0-9, * or #' })
  key?: string;
}
