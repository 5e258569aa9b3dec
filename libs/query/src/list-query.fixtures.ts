import { BadRequestError } from '@diallink/common';
import { defineListQuery } from './definition/list-query.definition';
import { fullNameFilter } from './filter/full-name.filter';

/** The contacts list of the public reference, as a service would declare it (test fixture). */
export const CONTACT_QUERY = defineListQuery({
  fields: {
    firstName: { type: 'string', sortable: true },
    lastName: { type: 'string', sortable: true },
    fullName: { type: 'string', where: fullNameFilter('firstName', 'lastName') },
    companyName: { type: 'string', sortable: true, nullable: true },
    country: { type: 'string', sortable: true, nullable: true },
    zip: { type: 'string', nullable: true },
    employeeCount: { type: 'integer', sortable: true, nullable: true },
    annualRevenue: { type: 'decimal', nullable: true },
    rating: { type: 'number', nullable: true },
    price: { type: 'decimal', sortable: true, filterable: false },
    industry: { type: 'enum', values: ['RETAIL', 'GOVERNMENT', 'HEALTHCARE', 'FINANCIAL'], nullable: true },
    favorite: { type: 'boolean' },
    updatedAt: { type: 'date', sortable: true },
    id: { type: 'uuid', sortable: true },
    'phoneNumbers.phoneNumber': { type: 'string', path: ['phoneNumbers', 'phoneNumber'], list: true },
    'owner.email': { type: 'string', path: ['owner', 'email'], sortable: true },
  },
  tiebreaker: 'id',
});

/** The calls list of the public reference's basic-filter example. */
export const CALL_QUERY = defineListQuery({
  fields: {
    direction: { type: 'enum', values: ['INBOUND', 'OUTBOUND'] },
    startedAt: { type: 'date', sortable: true },
  },
});

/** What a contains-insensitive condition on `column` looks like. */
export function contains(column: string, value: string): Record<string, unknown> {
  return { [column]: { contains: value, mode: 'insensitive' } };
}

/** The BadRequestError that `run` throws; fails the test when it throws anything else or nothing. */
export function badRequest(run: () => unknown): BadRequestError {
  try {
    run();
  } catch (error) {
    if (error instanceof BadRequestError) return error;
    throw error;
  }
  throw new Error('expected a BadRequestError, but nothing was thrown');
}
