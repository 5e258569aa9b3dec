import { ContactAddressType, ContactEmailType, ContactPhoneNumberType, ContactType, Industry } from '../database';
import { defineListQuery, fullNameFilter, plusDecodedAsSpace } from '@diallink/query';

const text = (description: string, sortable = false) =>
  ({ type: 'string', nullable: true, sortable, description }) as const;

/**
 * GET /contacts: every filter of the reference runs on contacts (basic, match type and advanced
 * forms, all operators). Private contacts of other users are never part of the list (see the service).
 */
export const CONTACT_QUERY = defineListQuery({
  fields: {
    id: { type: 'uuid' },
    firstName: text('First name.', true),
    lastName: text('Last name.', true),
    fullName: {
      type: 'string',
      where: fullNameFilter('firstName', 'lastName', { nullable: true }),
      description: 'First name, last name or both together (`fullName=like::So`, `fullName=eq::Sophia Brooks`).',
    },
    companyName: text('Company name.', true),
    shared: { type: 'boolean', description: 'Visible to everyone in the organisation.' },
    favorite: { type: 'boolean', sortable: true, description: 'Marked as a favorite.' },
    type: { type: 'enum', values: Object.values(ContactType), description: 'The kind of contact.' },
    industry: { type: 'enum', values: Object.values(Industry), nullable: true, description: 'The company’s industry.' },
    employeeCount: {
      type: 'integer',
      nullable: true,
      sortable: true,
      description: 'The company’s number of employees.',
    },
    annualRevenue: { type: 'decimal', nullable: true, sortable: true, description: 'The company’s annual revenue.' },
    addressLine1: text('The company’s address, first line.'),
    addressLine2: text('The company’s address, second line.'),
    city: text('The company’s city.'),
    zip: text('The company’s postal code.'),
    country: text('The company’s country, ISO 3166-1 alpha-2 in upper case (`eq(country,US)`).', true),
    createdAt: { type: 'date', sortable: true, description: 'When the contact was made.' },
    updatedAt: { type: 'date', sortable: true, description: 'When the contact last changed.' },
    'phoneNumbers.phoneNumber': {
      type: 'string',
      path: ['phoneNumbers', 'phoneNumber'],
      list: true,
      normalize: plusDecodedAsSpace,
      description:
        'Any of the contact’s numbers, E.164: `?phoneNumbers.phoneNumber=+17175501675`, `like::1675`. Inside ' +
        '`filter=` or after `op::`, send the `+` as %2B (a raw `+` in a query string arrives as a space).',
    },
    'phoneNumbers.type': {
      type: 'enum',
      values: Object.values(ContactPhoneNumberType),
      path: ['phoneNumbers', 'type'],
      list: true,
      description: 'The kind of any of the contact’s numbers.',
    },
    'emails.email': {
      type: 'string',
      path: ['emails', 'email'],
      list: true,
      description: 'Any of the contact’s emails (lower case).',
    },
    'emails.type': {
      type: 'enum',
      values: Object.values(ContactEmailType),
      path: ['emails', 'type'],
      list: true,
      description: 'The kind of any of the contact’s emails.',
    },
    'addresses.city': {
      type: 'string',
      nullable: true,
      path: ['addresses', 'city'],
      list: true,
      description: 'The city of any of the contact’s addresses.',
    },
    'addresses.state': {
      type: 'string',
      nullable: true,
      path: ['addresses', 'state'],
      list: true,
      description: 'The state of any of the contact’s addresses.',
    },
    'addresses.zip': {
      type: 'string',
      nullable: true,
      path: ['addresses', 'zip'],
      list: true,
      description: 'The postal code of any of the contact’s addresses.',
    },
    'addresses.country': {
      type: 'string',
      nullable: true,
      path: ['addresses', 'country'],
      list: true,
      description: 'The country of any of the contact’s addresses.',
    },
    'addresses.type': {
      type: 'enum',
      values: Object.values(ContactAddressType),
      path: ['addresses', 'type'],
      list: true,
      description: 'The kind of any of the contact’s addresses.',
    },
  },
  tiebreaker: 'id',
});
