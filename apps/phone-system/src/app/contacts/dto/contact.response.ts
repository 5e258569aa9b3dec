import { ApiProperty } from '@nestjs/swagger';
import { ContactAddressType, ContactEmailType, ContactPhoneNumberType, ContactType, Industry } from '../../database';

export class ContactPhoneNumberResponse {
  @ApiProperty({ enum: ContactPhoneNumberType, example: 'WORK', description: 'What kind of number it is.' })
  type!: ContactPhoneNumberType;

  @ApiProperty({
    format: 'uuid',
    example: 'f7d43da9-694d-444d-a04e-e7676d0fa02d',
    description: 'The id of this number on this contact.',
  })
  id!: string;

  @ApiProperty({ example: '+17175501675', description: 'E.164.' })
  phoneNumber!: string;
}

export class ContactEmailResponse {
  @ApiProperty({ enum: ContactEmailType, example: 'WORK', description: 'What kind of address it is.' })
  type!: ContactEmailType;

  @ApiProperty({
    format: 'uuid',
    example: '0b4e5f2c-8d7a-4f4e-9a51-2f1f7e0c2d11',
    description: 'The id of this email on this contact.',
  })
  id!: string;

  @ApiProperty({ example: 'sophia.brooks@company.com', description: 'In lower case.' })
  email!: string;
}

export class ContactAddressResponse {
  @ApiProperty({ enum: ContactAddressType, example: 'WORK', description: 'What the address is for.' })
  type!: ContactAddressType;

  @ApiProperty({
    format: 'uuid',
    example: '3c0a4c8e-61b2-4d0f-8f7e-5b1d2a9e7c44',
    description: 'The id of this address on this contact.',
  })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: '232 1st street', description: 'First line.' })
  addressLine1!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Suite 2210', description: 'Second line.' })
  addressLine2!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Newtown', description: 'City.' })
  city!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'PA', description: 'State, province or region.' })
  state!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '18940', description: 'Postal code.' })
  zip!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'US', description: 'ISO 3166-1 alpha-2 country code.' })
  country!: string | null;
}

/** The reference's contact (GET /contacts), with the company fields and timestamps. */
export class ContactResponse {
  @ApiProperty({ type: String, nullable: true, example: 'Sophia', description: 'First name.' })
  firstName!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Brooks', description: 'Last name.' })
  lastName!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Company inc.',
    description: 'The company the contact is, or works for.',
  })
  companyName!: string | null;

  @ApiProperty({
    example: false,
    description: 'Visible to everyone in your organisation; otherwise only to its owner.',
  })
  shared!: boolean;

  @ApiProperty({ type: [ContactAddressResponse], description: 'Postal addresses, in the order given.' })
  addresses!: ContactAddressResponse[];

  @ApiProperty({ type: [ContactPhoneNumberResponse], description: 'Phone numbers, in the order given.' })
  phoneNumbers!: ContactPhoneNumberResponse[];

  @ApiProperty({ type: [ContactEmailResponse], description: 'Email addresses, in the order given.' })
  emails!: ContactEmailResponse[];

  @ApiProperty({ example: false, description: 'Marked as a favorite.' })
  favorite!: boolean;

  @ApiProperty({
    example: false,
    enum: [false],
    description: 'Always false: forceSave is a flag of a request, not stored.',
  })
  forceSave!: false;

  @ApiProperty({ format: 'uuid', example: '671db0b8-0576-4867-a611-662bba3ae364', description: 'The contact’s id.' })
  id!: string;

  @ApiProperty({ enum: ContactType, example: 'EXTERNAL', description: 'The kind of contact.' })
  type!: ContactType;

  @ApiProperty({ enum: Industry, nullable: true, example: 'RETAIL', description: 'The company’s industry.' })
  industry!: Industry | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 100, description: 'The company’s number of employees.' })
  employeeCount!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 500000,
    description: 'The company’s annual revenue, stored as an exact decimal with 2 places; a JSON number.',
  })
  annualRevenue!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '232 1st street',
    description: 'The company’s address, first line.',
  })
  addressLine1!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Suite 2210',
    description: 'The company’s address, second line.',
  })
  addressLine2!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Newtown', description: 'The company’s city.' })
  city!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '18940', description: 'The company’s postal code.' })
  zip!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'US',
    description: 'The company’s country, ISO 3166-1 alpha-2.',
  })
  country!: string | null;

  @ApiProperty({ example: '2024-05-31T14:30:00.000Z', description: 'When the contact was made (UTC).' })
  createdAt!: Date;

  @ApiProperty({
    example: '2024-05-31T14:30:00.000Z',
    description: 'When the contact last changed (UTC), lists included.',
  })
  updatedAt!: Date;
}
