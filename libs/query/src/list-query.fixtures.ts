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
    storageBytes: { type: 'bigint', sortable: true, nullable: true },
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

/*
 * Declarations over the real schema (prisma/schema), for list-query.int-spec.ts, which runs them
 * against PostgreSQL; unlike CONTACT_QUERY above they match their Prisma models exactly.
 */

/** Tenants (model Tenant). */
export const TENANT_QUERY = defineListQuery({
  fields: {
    id: { type: 'uuid', sortable: true },
    name: { type: 'string', sortable: true },
    createdAt: { type: 'date', sortable: true },
    'users.firstName': { type: 'string', path: ['users', 'firstName'], list: true },
    'users.jobTitle': { type: 'string', path: ['users', 'jobTitle'], list: true, nullable: true },
  },
});

/** Users (model User): required names. */
export const USER_QUERY = defineListQuery({
  fields: {
    fullName: { type: 'string', where: fullNameFilter('firstName', 'lastName') },
    jobTitle: { type: 'string', nullable: true, sortable: true },
    'tenant.name': { type: 'string', path: ['tenant', 'name'], sortable: true },
    enabled: { type: 'boolean' },
  },
});

/** Recordings (model Recording): a BigInt column. */
export const RECORDING_QUERY = defineListQuery({
  fields: {
    id: { type: 'uuid', sortable: true },
    sizeBytes: { type: 'bigint', sortable: true },
    durationSeconds: { type: 'integer', sortable: true, nullable: true },
  },
});

/** Contacts (model Contact): names that can be NULL, as the Phone System's contacts have. */
export const CONTACT_NAME_QUERY = defineListQuery({
  fields: {
    id: { type: 'uuid', sortable: true },
    firstName: { type: 'string', nullable: true, sortable: true },
    lastName: { type: 'string', nullable: true, sortable: true },
    fullName: { type: 'string', where: fullNameFilter('firstName', 'lastName', { nullable: true }) },
    'phoneNumbers.phoneNumber': { type: 'string', path: ['phoneNumbers', 'phoneNumber'], list: true },
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
