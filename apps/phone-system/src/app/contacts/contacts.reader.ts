import { Principal } from '@diallink/auth';
import { NotFoundError } from '@diallink/common';
import { tenantReader } from '@diallink/db';
import {
  Page,
  Sql,
  SqlParsedListQuery,
  SqlTableMap,
  fullNameSql,
  paginateSql,
  param,
  sql,
  sqlListQuery,
  table,
} from '@diallink/query';
import { PhoneSystemDatabase } from '../database';
import { CONTACT_QUERY } from './contact.query';
import { ContactResponse } from './dto/contact.response';

/**
 * The raw read path of contacts: GET /contacts and GET /contacts/{id} in one statement each
 * (plus the capped count of a list when the page cannot tell the total), the JSON of each
 * contact built by PostgreSQL in the response's field order, its lists as sub-selects ordered by
 * position then id. Through `tenantReader`: every table is the tenant's rows only. The answers
 * are those of the Prisma reads they replace (`contacts.reader.int-spec.ts` compares them).
 */

const PHONE_NUMBERS: SqlTableMap = {
  model: 'ContactPhoneNumber',
  columns: { phoneNumber: 'phone_number', type: 'type' },
};
const EMAILS: SqlTableMap = { model: 'ContactEmail', columns: { email: 'email', type: 'type' } };
const ADDRESSES: SqlTableMap = {
  model: 'ContactAddress',
  columns: { city: 'city', state: 'state', zip: 'zip', country: 'country', type: 'type' },
};
const CONTACTS: SqlTableMap = {
  model: 'Contact',
  columns: {
    id: 'id',
    firstName: 'first_name',
    lastName: 'last_name',
    companyName: 'company_name',
    shared: 'shared',
    favorite: 'favorite',
    type: 'type',
    industry: 'industry',
    employeeCount: 'employee_count',
    annualRevenue: 'annual_revenue',
    addressLine1: 'address_line1',
    addressLine2: 'address_line2',
    city: 'city',
    zip: 'zip',
    country: 'country',
    createdAt: 'created_at',
    updatedAt: 'updated_at',
  },
  relations: {
    phoneNumbers: { target: PHONE_NUMBERS, on: ['contact_id', 'id'] },
    emails: { target: EMAILS, on: ['contact_id', 'id'] },
    addresses: { target: ADDRESSES, on: ['contact_id', 'id'] },
  },
};

/** CONTACT_QUERY with its columns: `@SqlListQuery(CONTACT_SQL_QUERY)`. */
export const CONTACT_SQL_QUERY = sqlListQuery(CONTACT_QUERY, {
  root: CONTACTS,
  custom: { fullName: fullNameSql('first_name', 'last_name', { nullable: true }) },
});

/** An instant as `Date.toJSON` writes it. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A list of the contact `t0` as a JSON array, by position then id (`[]` when empty). */
function listOf(model: string, fields: string): Sql {
  return sql`(SELECT coalesce(json_agg(json_build_object(${new Sql([fields])}) ORDER BY l.position, l.id), '[]'::json) FROM ${table(model)} l WHERE l.contact_id = t0.id)`;
}

/** One contact as ContactResponse's JSON, in its field order; the dates as text (made Dates after). */
export const CONTACT_JSON = sql`json_build_object(
  'firstName', t0.first_name, 'lastName', t0.last_name, 'companyName', t0.company_name, 'shared', t0.shared,
  'addresses', ${listOf(
    'ContactAddress',
    `'type', l.type, 'id', l.id, 'addressLine1', l.address_line1, 'addressLine2', l.address_line2, 'city', l.city, 'state', l.state, 'zip', l.zip, 'country', l.country`,
  )},
  'phoneNumbers', ${listOf('ContactPhoneNumber', `'type', l.type, 'id', l.id, 'phoneNumber', l.phone_number`)},
  'emails', ${listOf('ContactEmail', `'type', l.type, 'id', l.id, 'email', l.email`)},
  'favorite', t0.favorite, 'forceSave', false, 'id', t0.id, 'type', t0.type, 'industry', t0.industry,
  'employeeCount', t0.employee_count, 'annualRevenue', t0.annual_revenue,
  'addressLine1', t0.address_line1, 'addressLine2', t0.address_line2, 'city', t0.city, 'zip', t0.zip,
  'country', t0.country, 'createdAt', ${new Sql([iso('t0.created_at')])}, 'updatedAt', ${new Sql([iso('t0.updated_at')])})`;

/** A contact is the caller's to see when it is shared or theirs (the service's `visibleTo`). */
export function visibleTo(principal: Principal): Sql {
  return sql`(t0.shared = TRUE OR t0.owner_id = ${param(principal.userId, 'uuid')})`;
}

export type ContactJson = Omit<ContactResponse, 'createdAt' | 'updatedAt'> & {
  createdAt: string | Date;
  updatedAt: string | Date;
};

/** The JSON row with its dates as Dates (JSON writes them back as the same text). */
export function toResponse(row: ContactJson): ContactResponse {
  row.createdAt = new Date(row.createdAt);
  row.updatedAt = new Date(row.updatedAt);
  return row as ContactResponse;
}

function runner(database: PhoneSystemDatabase, principal: Principal) {
  const reader = tenantReader(database);
  return <R>(statement: Sql) => reader.read<R>(principal.tenantId, statement);
}

/** GET /contacts: shared contacts and the caller's private ones, filtered, sorted and paged. */
export async function listContacts(
  database: PhoneSystemDatabase,
  principal: Principal,
  query: SqlParsedListQuery,
): Promise<Page<ContactResponse>> {
  const page = await paginateSql<ContactJson>(CONTACT_SQL_QUERY, query, runner(database, principal), {
    select: CONTACT_JSON,
    where: visibleTo(principal),
  });
  return { data: page.data.map(toResponse), paging: page.paging };
}

/** GET /contacts/{id}: 404 alike for a missing id, another tenant's and another user's private contact. */
export async function getContact(
  database: PhoneSystemDatabase,
  principal: Principal,
  id: string,
): Promise<ContactResponse> {
  const [found] = await runner(
    database,
    principal,
  )<{ row: ContactJson }>(
    sql`SELECT ${CONTACT_JSON} AS row FROM ${table('Contact')} t0 WHERE t0.id = ${param(id, 'uuid')} AND ${visibleTo(principal)}`,
  );
  if (!found) throw new NotFoundError('Contact');
  return toResponse(found.row);
}
