import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DiscriminatedType, IsE164 } from '@diallink/common';
import {
  ACTION_TYPES,
  DEFAULT_TIMEOUT_SECONDS,
  GREETING_TYPES,
  MAX_MENU_DEPTH,
  MENU_KEYS,
  MenuDoc,
  MenuKey,
} from '../auto-receptionist.model';

// Value objects of a receptionist's greeting and key-press menu: the same shape in requests and
// responses. Greetings and actions are polymorphic by `type`: class-transformer picks the class
// from `type`, and an unknown or missing `type` falls back to a class that only accepts known
// types, so it is a 400 naming `<path>.type` (and every other field of it as not known).

// ── Greetings ────────────────────────────────────────────────────────────────────────────────

export class TextGreeting {
  @ApiProperty({ enum: ['TEXT'] })
  @Equals('TEXT')
  type!: 'TEXT';

  @ApiProperty({ example: 'Thank you for calling Arrow Inc.', description: 'Read to the caller by text-to-speech.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  text!: string;
}

export class RecordingGreeting {
  @ApiProperty({ enum: ['RECORDING'] })
  @Equals('RECORDING')
  type!: 'RECORDING';

  @ApiProperty({
    format: 'uuid',
    description: 'A recording of your tenant (GET /recordings); another id is a 400 naming this field.',
  })
  @IsUUID('all')
  recordingId!: string;
}

/** What an unknown or missing greeting `type` is read as: refused. */
class AnyGreeting {
  @IsIn(GREETING_TYPES, { message: `type must be one of ${GREETING_TYPES.join(', ')}` })
  type!: string;
}

export const GREETING_CLASSES = [TextGreeting, RecordingGreeting];
export type Greeting = TextGreeting | RecordingGreeting;

export const GREETING_SCHEMA = {
  oneOf: GREETING_CLASSES.map((model) => ({ $ref: getSchemaPath(model) })),
  discriminator: {
    propertyName: 'type',
    mapping: { TEXT: getSchemaPath(TextGreeting), RECORDING: getSchemaPath(RecordingGreeting) },
  },
};

/** `@Type` of a greeting property: the class follows `type`. */
export const GreetingType = (): PropertyDecorator =>
  DiscriminatedType(AnyGreeting, 'type', [
    { name: 'TEXT', value: TextGreeting },
    { name: 'RECORDING', value: RecordingGreeting },
  ]);

/** A nullable greeting property (`greeting`, `prompt`). */
export function GreetingProperty(description: string): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    ApiPropertyOptional({ ...GREETING_SCHEMA, nullable: true, description })(target, property);
    IsOptional()(target, property);
    IsObject()(target, property);
    ValidateNested()(target, property);
    GreetingType()(target, property);
  };
}

// ── Actions ──────────────────────────────────────────────────────────────────────────────────

export class UserAction {
  @ApiProperty({ enum: ['USER'] })
  @Equals('USER')
  type!: 'USER';

  @ApiProperty({ format: 'uuid', description: 'An enabled user of your tenant; rings their phones.' })
  @IsUUID('all')
  userId!: string;
}

export class QueueAction {
  @ApiProperty({ enum: ['QUEUE'] })
  @Equals('QUEUE')
  type!: 'QUEUE';

  @ApiProperty({
    format: 'uuid',
    description:
      'A Call Queue queue. Only its form is checked for now: the Call Queue service has no queues to look it up in yet.',
  })
  @IsUUID('all')
  queueId!: string;
}

export class VoicemailAction {
  @ApiProperty({ enum: ['VOICEMAIL'] })
  @Equals('VOICEMAIL')
  type!: 'VOICEMAIL';

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Whose voicemail box (an enabled user of your tenant); null is the tenant’s general box.',
  })
  @IsOptional()
  @IsUUID('all')
  userId?: string | null;
}

export class ExternalNumberAction {
  @ApiProperty({ enum: ['EXTERNAL_NUMBER'] })
  @Equals('EXTERNAL_NUMBER')
  type!: 'EXTERNAL_NUMBER';

  @ApiProperty({
    example: '+14155550100',
    description: 'Forwards the call. International form; stored and answered as E.164.',
  })
  @IsE164()
  number!: string;
}

export class SubMenuAction {
  @ApiProperty({ enum: ['SUB_MENU'] })
  @Equals('SUB_MENU')
  type!: 'SUB_MENU';

  @ApiProperty({ type: () => Menu, description: `Another menu; menus nest at most ${MAX_MENU_DEPTH} levels deep.` })
  @IsObject()
  @ValidateNested()
  @Type(() => Menu)
  // Typed by its document shape: the Menu class is declared below (decorator metadata must not name it).
  menu!: MenuDoc;
}

export class RepeatAction {
  @ApiProperty({
    enum: ['REPEAT'],
    description: 'Plays the current menu again. Only inside a menu, not as afterHours.',
  })
  @Equals('REPEAT')
  type!: 'REPEAT';
}

export class HangUpAction {
  @ApiProperty({ enum: ['HANG_UP'], description: 'Ends the call.' })
  @Equals('HANG_UP')
  type!: 'HANG_UP';
}

/** What an unknown or missing action `type` is read as: refused. */
class AnyAction {
  @IsIn(ACTION_TYPES, { message: `type must be one of ${ACTION_TYPES.join(', ')}` })
  type!: string;
}

export const ACTION_CLASSES = [
  UserAction,
  QueueAction,
  VoicemailAction,
  ExternalNumberAction,
  SubMenuAction,
  RepeatAction,
  HangUpAction,
];
export type Action =
  UserAction | QueueAction | VoicemailAction | ExternalNumberAction | SubMenuAction | RepeatAction | HangUpAction;

const ACTION_SUBTYPES = [
  { name: 'USER', value: UserAction },
  { name: 'QUEUE', value: QueueAction },
  { name: 'VOICEMAIL', value: VoicemailAction },
  { name: 'EXTERNAL_NUMBER', value: ExternalNumberAction },
  { name: 'SUB_MENU', value: SubMenuAction },
  { name: 'REPEAT', value: RepeatAction },
  { name: 'HANG_UP', value: HangUpAction },
];

export const ACTION_SCHEMA = {
  oneOf: ACTION_CLASSES.map((model) => ({ $ref: getSchemaPath(model) })),
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(ACTION_SUBTYPES.map(({ name, value }) => [name, getSchemaPath(value)])),
  },
};

/** `@Type` of an action property: the class follows `type`. */
export const ActionType = (): PropertyDecorator => DiscriminatedType(AnyAction, 'type', ACTION_SUBTYPES);

// ── Menus ────────────────────────────────────────────────────────────────────────────────────

export class MenuOption {
  @ApiProperty({ enum: MENU_KEYS, example: '1', description: 'A keypad key; each key at most once per menu.' })
  @IsIn(MENU_KEYS, { message: `key must be one of ${MENU_KEYS.join(' ')}` })
  key!: MenuKey;

  @ApiProperty({ ...ACTION_SCHEMA, description: 'Where the key sends the caller.' })
  @IsObject()
  @ValidateNested()
  @ActionType()
  action!: Action;
}

export class Menu {
  @GreetingProperty('Played when the caller reaches this menu (after the receptionist’s greeting for the top menu).')
  prompt?: Greeting | null;

  @ApiProperty({ type: [MenuOption], description: '1 to 12 options, one per key.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MENU_KEYS.length)
  @ValidateNested({ each: true })
  @Type(() => MenuOption)
  options!: MenuOption[];

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: 60,
    default: DEFAULT_TIMEOUT_SECONDS,
    description: 'How long the menu waits for a key; no key in time counts as an invalid key. null is the default.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  timeoutSeconds?: number | null;

  @ApiPropertyOptional({
    ...ACTION_SCHEMA,
    nullable: true,
    description: 'Taken for a key no option has, or no key in time. Null (the default) plays the menu again (REPEAT).',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @ActionType()
  invalidKeyAction?: Action | null;
}
