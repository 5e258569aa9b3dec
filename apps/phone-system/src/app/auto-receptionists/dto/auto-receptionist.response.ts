import { ApiProperty } from '@nestjs/swagger';
import {
  ACTION_TYPES,
  ActionDoc,
  BusinessHoursDoc,
  GreetingDoc,
  HolidayDoc,
  MenuDoc,
  Weekday,
  WEEKDAYS,
} from '../auto-receptionist.model';
import { ACTION_SCHEMA, GREETING_SCHEMA, Menu } from './menu.dto';
import { Holiday, WeeklyHours } from './schedule.dto';

export class AutoReceptionistResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Main line' }) name!: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timezone!: string;
  @ApiProperty({ type: WeeklyHours, description: 'All seven days; [] is closed.' }) businessHours!: BusinessHoursDoc;
  @ApiProperty({ type: [Holiday], description: 'Sorted by date.' }) holidays!: HolidayDoc[];
  @ApiProperty({ ...GREETING_SCHEMA, nullable: true }) greeting!: GreetingDoc | null;
  @ApiProperty({ type: Menu }) menu!: MenuDoc;
  @ApiProperty({ ...ACTION_SCHEMA }) afterHours!: ActionDoc;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class RouteStepResponse {
  @ApiProperty({ example: '2', description: 'The key pressed.' }) key!: string;
  @ApiProperty({ description: 'False when the menu has no option for the key: its invalidKeyAction was taken.' })
  matched!: boolean;
  @ApiProperty({ enum: ACTION_TYPES, description: 'The type of the action the key led to.' })
  actionType!: ActionDoc['type'];
}

export class RouteResponse {
  @ApiProperty({ format: 'uuid' }) autoReceptionistId!: string;
  @ApiProperty({ example: '2026-03-30T07:30:00.000Z', description: 'The instant asked about, in UTC.' }) at!: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timezone!: string;
  @ApiProperty({
    example: '2026-03-30T09:30:00+02:00',
    description: 'Wall-clock time in the receptionist’s zone, with its offset then.',
  })
  localTime!: string;
  @ApiProperty({ enum: WEEKDAYS, example: 'monday', description: 'Local weekday.' }) weekday!: Weekday;
  @ApiProperty({ description: 'Within business hours and not a holiday: the menu answers; otherwise afterHours.' })
  open!: boolean;
  @ApiProperty({
    type: Holiday,
    nullable: true,
    description: 'The holiday of the local date, if any (closed all day).',
  })
  holiday!: HolidayDoc | null;
  @ApiProperty({ ...GREETING_SCHEMA, nullable: true, description: 'Played first, open or closed.' })
  greeting!: GreetingDoc | null;
  @ApiProperty({ type: [RouteStepResponse], description: 'One per key pressed while the caller was in a menu.' })
  steps!: RouteStepResponse[];
  @ApiProperty({
    type: Menu,
    nullable: true,
    description: 'The menu the caller is in after the keys, waiting for a key; null once an action took the call.',
  })
  menu!: MenuDoc | null;
  @ApiProperty({
    ...ACTION_SCHEMA,
    nullable: true,
    description: 'Where the call went (null while the caller is still in a menu).',
  })
  action!: ActionDoc | null;
  @ApiProperty({ example: '', description: 'Keys pressed after the call left the menus; they go nowhere.' })
  ignoredKeys!: string;
}
