import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { COUNTRY_CODES } from './country-codes';

/** Validators and field decorators shared by the contact request DTOs. */

/** Unicode control characters (C0, DEL, C1): NUL, line breaks, tabs… */
const CONTROL_CHARACTERS = /\p{Cc}/u;
const MONEY = /^\d{1,13}(?:\.\d{1,2})?$/;
const INT32_MAX = 2_147_483_647;

/** A message that starts with the property's name. */
const named =
  (text: string) =>
  (args?: ValidationArguments): string =>
    `${args?.property ?? 'value'} ${text}`;

/** Absent is fine, `null` is not: for fields that always have a value (booleans, enums, lists). */
export const NotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** No control characters (NUL, newlines, tabs…) in one-line text. */
export function IsOneLine(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOneLine',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !CONTROL_CHARACTERS.test(value),
        defaultMessage: named(`must not contain control characters such as line breaks`),
      },
    },
    options,
  );
}

/** Trimmed; blank becomes `null` (which clears the field). */
const trimToNull = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() || null : value,
);
/** Trimmed, blank kept (and refused by `IsNotEmpty`) — for values a list item cannot do without. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Optional one-line text: absent or `null` or blank means none; trimmed; at most `maxLength` characters. */
export function OptionalText(maxLength: number, doc: ApiPropertyOptions): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, maxLength, ...doc } as ApiPropertyOptions),
    trimToNull,
    IsOptional(),
    IsString(),
    MaxLength(maxLength),
    IsOneLine(),
  );
}

/** Optional ISO 3166-1 alpha-2 country, any case in, upper case stored. */
export function OptionalCountry(doc: ApiPropertyOptions): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, minLength: 2, maxLength: 2, ...doc } as ApiPropertyOptions),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim().toUpperCase() || null : value,
    ),
    IsOptional(),
    ValidateBy({
      name: 'isCountryCode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && COUNTRY_CODES.has(value),
        defaultMessage: named(`must be an ISO 3166-1 alpha-2 country code such as US, GE or FR`),
      },
    }),
  );
}

/** A whole number of employees: a JSON integer or a string of digits (`"100"`, as the reference sends it). */
export function OptionalCount(doc: ApiPropertyOptions): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      oneOf: [
        { type: 'integer', minimum: 0, maximum: INT32_MAX },
        { type: 'string', pattern: '^\\d+$' },
      ],
      nullable: true,
      ...doc,
    } as ApiPropertyOptions),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^\s*\d{1,10}\s*$/.test(value) ? Number(value.trim()) : value,
    ),
    IsOptional(),
    ValidateBy({
      name: 'isCount',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= INT32_MAX,
        defaultMessage: named(`must be a whole number from 0 to ${INT32_MAX}, as a JSON integer or a string of digits`),
      },
    }),
  );
}

/**
 * An amount of money: a JSON number or a decimal string, at most 13 digits before and 2 after the
 * point, not negative. Canonical string after transformation (Prisma's Decimal takes it exactly).
 */
export function OptionalMoney(doc: ApiPropertyOptions): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      oneOf: [
        { type: 'number', minimum: 0 },
        { type: 'string', pattern: '^\\d{1,13}(\\.\\d{1,2})?$' },
      ],
      nullable: true,
      ...doc,
    } as ApiPropertyOptions),
    Transform(({ value }: { value: unknown }) => {
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      return typeof value === 'string' ? value.trim() : value;
    }),
    IsOptional(),
    ValidateBy({
      name: 'isMoney',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && MONEY.test(value),
        defaultMessage: named(
          `must be an amount from 0 with at most 13 digits before and 2 after the decimal point, ` +
            'as a JSON number or a decimal string (500000 or "500000.00")',
        ),
      },
    }),
  );
}

/** Text a list item needs: a string, trimmed, not blank, one line, at most `maxLength`. */
export function RequiredText(maxLength: number): PropertyDecorator {
  return applyDecorators(
    Trim(),
    IsString(),
    Matches(/\S/, { message: '$property must not be empty' }),
    MaxLength(maxLength),
    IsOneLine(),
  );
}
