import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsOptional,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ContactAddressType, ContactEmailType, ContactPhoneNumberType, ContactType, Industry } from '../../database';
import { NotNull, OptionalCount, OptionalCountry, OptionalMoney, OptionalText, RequiredText } from './contact-fields';

/** Most items of one list of a contact. */
export const CONTACT_LIST_LIMITS = { phoneNumbers: 50, emails: 50, addresses: 20 } as const;

const enumMessage = (values: Record<string, string>) => ({
  message: `$property must be one of ${Object.values(values).join(', ')}`,
});

const ITEM_ID_DESCRIPTION =
  'The id of an item this contact already has in this list, to keep it (same id, new values). ' +
  'Leave it out for a new item. Any other id is a 400.';

export class ContactPhoneNumberRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    example: 'f7d43da9-694d-444d-a04e-e7676d0fa02d',
    description: ITEM_ID_DESCRIPTION,
  })
  @NotNull()
  @IsUUID('all', { message: '$property must be a UUID' })
  id?: string;

  @ApiPropertyOptional({
    enum: ContactPhoneNumberType,
    default: ContactPhoneNumberType.WORK,
    example: 'WORK',
    description: 'What kind of number it is.',
  })
  @NotNull()
  @IsEnum(ContactPhoneNumberType, enumMessage(ContactPhoneNumberType))
  type?: ContactPhoneNumberType;

  @ApiProperty({
    example: '+17175501675',
    maxLength: 40,
    description:
      'Stored and answered in E.164 (`+1 717-550-1675` is saved as `+17175501675`). Without `+` and country code it is ' +
      'read as a national number of the contact’s `country`; without a country that is a 400. Must be a valid number, ' +
      'at most once per contact; a number already on another contact of your organisation is a 409 unless `forceSave` is true.',
  })
  @RequiredText(40)
  phoneNumber!: string;
}

export class ContactEmailRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    example: '0b4e5f2c-8d7a-4f4e-9a51-2f1f7e0c2d11',
    description: ITEM_ID_DESCRIPTION,
  })
  @NotNull()
  @IsUUID('all', { message: '$property must be a UUID' })
  id?: string;

  @ApiPropertyOptional({
    enum: ContactEmailType,
    default: ContactEmailType.WORK,
    example: 'WORK',
    description: 'What kind of address it is.',
  })
  @NotNull()
  @IsEnum(ContactEmailType, enumMessage(ContactEmailType))
  type?: ContactEmailType;

  @ApiProperty({
    example: 'sophia.brooks@company.com',
    maxLength: 254,
    description: 'Stored in lower case; at most once per contact.',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: '$property must be an email address' })
  @MaxLength(254)
  email!: string;
}

export class ContactAddressRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    example: '3c0a4c8e-61b2-4d0f-8f7e-5b1d2a9e7c44',
    description: ITEM_ID_DESCRIPTION,
  })
  @NotNull()
  @IsUUID('all', { message: '$property must be a UUID' })
  id?: string;

  @ApiPropertyOptional({
    enum: ContactAddressType,
    default: ContactAddressType.WORK,
    example: 'WORK',
    description: 'What the address is for.',
  })
  @NotNull()
  @IsEnum(ContactAddressType, enumMessage(ContactAddressType))
  type?: ContactAddressType;

  @OptionalText(200, {
    example: '232 1st street',
    description: 'First line. An address needs at least one non-empty field.',
  })
  addressLine1?: string | null;

  @OptionalText(200, { example: 'Suite 2210', description: 'Second line.' })
  addressLine2?: string | null;

  @OptionalText(100, { example: 'Newtown', description: 'City.' })
  city?: string | null;

  @OptionalText(100, { example: 'PA', description: 'State, province or region.' })
  state?: string | null;

  @OptionalText(20, { example: '18940', description: 'Postal code.' })
  zip?: string | null;

  @OptionalCountry({ example: 'US', description: 'ISO 3166-1 alpha-2 country code, any case (stored in upper case).' })
  country?: string | null;
}

/**
 * The reference's ContactRequest: the person, their company and their phone numbers, emails and
 * addresses. One body for POST (absent fields take their defaults), PUT (the whole contact:
 * absent fields are cleared, absent lists emptied) and PATCH (only what is sent changes; a list
 * sent replaces that list). Text fields are trimmed; blank or `null` text means none. A contact
 * needs at least one of firstName, lastName and companyName.
 */
export class ContactRequest {
  @OptionalText(100, {
    example: 'Sophia',
    description: 'First name. At least one of firstName, lastName, companyName is required.',
  })
  firstName?: string | null;

  @OptionalText(100, { example: 'Brooks', description: 'Last name.' })
  lastName?: string | null;

  @OptionalText(200, { example: 'Company inc.', description: 'The company the contact is, or works for.' })
  companyName?: string | null;

  @ApiPropertyOptional({
    example: false,
    default: false,
    description:
      'Visible to everyone in your organisation when true; otherwise only to you, who made it. Only the contact’s ' +
      'owner (its maker) can change it.',
  })
  @NotNull()
  @IsBoolean()
  shared?: boolean;

  @ApiPropertyOptional({ example: false, default: false, description: 'Marked as a favorite.' })
  @NotNull()
  @IsBoolean()
  favorite?: boolean;

  @ApiPropertyOptional({
    example: false,
    default: false,
    description:
      'Save even when a phone number is already on another contact (which is otherwise a 409 naming that contact). ' +
      'A flag of this request only: it is not stored, and answers always show false.',
  })
  @NotNull()
  @IsBoolean()
  forceSave?: boolean;

  @ApiPropertyOptional({
    enum: ContactType,
    default: ContactType.EXTERNAL,
    example: 'LEAD',
    description: 'The kind of contact.',
  })
  @NotNull()
  @IsEnum(ContactType, enumMessage(ContactType))
  type?: ContactType;

  @ApiPropertyOptional({ enum: Industry, nullable: true, example: 'RETAIL', description: 'The company’s industry.' })
  @IsOptional()
  @IsEnum(Industry, enumMessage(Industry))
  industry?: Industry | null;

  @OptionalCount({
    example: '100',
    description: 'The company’s number of employees: a JSON integer or a string of digits; answered as an integer.',
  })
  employeeCount?: number | null;

  @OptionalMoney({
    example: 500000,
    description:
      'The company’s annual revenue: a JSON number or a decimal string, from 0 with at most 13 digits before and 2 ' +
      'after the point. Stored exactly as a decimal; answered as a JSON number (exact at this precision).',
  })
  annualRevenue?: string | null;

  @OptionalText(200, { example: '232 1st street', description: 'The company’s address, first line.' })
  addressLine1?: string | null;

  @OptionalText(200, { example: 'Suite 2210', description: 'The company’s address, second line.' })
  addressLine2?: string | null;

  @OptionalText(100, { example: 'Newtown', description: 'The company’s city.' })
  city?: string | null;

  @OptionalText(20, { example: '18940', description: 'The company’s postal code.' })
  zip?: string | null;

  @OptionalCountry({
    example: 'US',
    description:
      'The company’s country, ISO 3166-1 alpha-2 (any case in, upper case stored). Phone numbers written without a ' +
      'country code are read as numbers of this country.',
  })
  country?: string | null;

  @ApiPropertyOptional({
    type: [ContactPhoneNumberRequest],
    maxItems: CONTACT_LIST_LIMITS.phoneNumbers,
    description: 'Phone numbers, in the order given. On PUT and PATCH the list replaces the current one.',
  })
  @NotNull()
  @IsArray()
  @ArrayMaxSize(CONTACT_LIST_LIMITS.phoneNumbers)
  @ValidateNested({ each: true })
  @Type(() => ContactPhoneNumberRequest)
  phoneNumbers?: ContactPhoneNumberRequest[];

  @ApiPropertyOptional({
    type: [ContactEmailRequest],
    maxItems: CONTACT_LIST_LIMITS.emails,
    description: 'Email addresses, in the order given. On PUT and PATCH the list replaces the current one.',
  })
  @NotNull()
  @IsArray()
  @ArrayMaxSize(CONTACT_LIST_LIMITS.emails)
  @ValidateNested({ each: true })
  @Type(() => ContactEmailRequest)
  emails?: ContactEmailRequest[];

  @ApiPropertyOptional({
    type: [ContactAddressRequest],
    maxItems: CONTACT_LIST_LIMITS.addresses,
    description: 'Postal addresses, in the order given. On PUT and PATCH the list replaces the current one.',
  })
  @NotNull()
  @IsArray()
  @ArrayMaxSize(CONTACT_LIST_LIMITS.addresses)
  @ValidateNested({ each: true })
  @Type(() => ContactAddressRequest)
  addresses?: ContactAddressRequest[];
}
