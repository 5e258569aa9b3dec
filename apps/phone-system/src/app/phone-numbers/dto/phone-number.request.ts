import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  isUUID,
  MaxLength,
  ValidateNested,
  ValidationArguments,
  registerDecorator,
} from 'class-validator';
import { PhoneNumberCapability, PhoneNumberRouteType } from '../../database';
import { IsE164 } from '@diallink/common';

/** `targetId`: a UUID for USER, AUTO_RECEPTIONIST and QUEUE; absent or null for UNASSIGNED (nothing to ring). */
function IsRouteTarget(): PropertyDecorator {
  const unassigned = (args: ValidationArguments) => (args.object as PhoneNumberRouteRequest).type === 'UNASSIGNED';
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isRouteTarget',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args) =>
          unassigned(args) ? 'targetId must be null when type is UNASSIGNED' : 'targetId must be a UUID',
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          unassigned(args) ? value === undefined || value === null : isUUID(value, 'all'),
      },
    });
}

export class PhoneNumberRouteRequest {
  @ApiProperty({ enum: PhoneNumberRouteType, example: 'AUTO_RECEPTIONIST' })
  @IsEnum(PhoneNumberRouteType, { message: `type must be one of ${Object.values(PhoneNumberRouteType).join(', ')}` })
  type!: PhoneNumberRouteType;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'USER: an enabled user of your tenant; AUTO_RECEPTIONIST: one of your auto-receptionists; QUEUE: a Call Queue queue ' +
      '(only its form is checked until the Call Queue service has queues); UNASSIGNED: null. Another id is a 400 naming route.targetId.',
  })
  @IsRouteTarget()
  targetId?: string | null;
}

/** POST and PUT: the whole number. PUT clears what it omits (label → null, capabilities → [VOICE], route → UNASSIGNED). */
export class PhoneNumberRequest {
  @ApiProperty({
    example: '+14155550100',
    description: 'International form; stored and answered as E.164. Unique across DialLink: a number in use is a 409.',
  })
  @IsE164()
  number!: string;

  @ApiPropertyOptional({ example: 'Sales hotline', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  label?: string | null;

  @ApiPropertyOptional({
    enum: PhoneNumberCapability,
    isArray: true,
    nullable: true,
    default: ['VOICE'],
    example: ['VOICE', 'SMS'],
    description: 'null is the default again.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(Object.keys(PhoneNumberCapability).length)
  @ArrayUnique({ message: 'capabilities must not repeat a value' })
  @IsEnum(PhoneNumberCapability, {
    each: true,
    message: `each of capabilities must be one of ${Object.values(PhoneNumberCapability).join(', ')}`,
  })
  capabilities?: PhoneNumberCapability[] | null;

  @ApiPropertyOptional({
    type: PhoneNumberRouteRequest,
    nullable: true,
    description: 'What the number rings; default (and null) UNASSIGNED.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PhoneNumberRouteRequest)
  route?: PhoneNumberRouteRequest | null;
}

/** PATCH: only the fields sent change (a sent `route` replaces the route). null for `number` is a 400. */
export class PhoneNumberPatchRequest extends PartialType(PhoneNumberRequest, { skipNullProperties: false }) {}
