/**
 * The floor's /contacts: one hand-written statement per read (the contact with its three lists
 * as JSON sub-selects), the same visibility rule (shared, or the caller's own), the same order
 * of lists (position, id), the same duplicate-number rule and advisory lock keys on writes.
 */
import { Pool, PoolClient } from 'pg';
import { FloorPrincipal } from './auth';
import { HttpError } from './http';
import { Binder, ListSpec, pagingOf, parseList, plusDecodedAsSpace } from './list-query';

const CONTACT_TYPES = ['EXTERNAL', 'INTERNAL', 'LEAD', 'CUSTOMER', 'PARTNER', 'VENDOR'];
const PHONE_TYPES = ['WORK', 'MOBILE', 'HOME', 'MAIN', 'FAX', 'OTHER'];
const EMAIL_TYPES = ['WORK', 'PERSONAL', 'OTHER'];

/** The contact's columns and lists, as ContactResponse names them. */
export const CONTACT_COLUMNS = `c.id, c.owner_id, c.first_name, c.last_name, c.company_name, c.shared, c.favorite, c.type,
  c.industry, c.employee_count, c.annual_revenue, c.address_line1, c.address_line2, c.city, c.zip, c.country,
  c.created_at, c.updated_at,
  (SELECT coalesce(json_agg(json_build_object('type', p.type, 'id', p.id, 'phoneNumber', p.phone_number)
     ORDER BY p.position, p.id), '[]') FROM contact_phone_numbers p WHERE p.contact_id = c.id) AS phone_numbers,
  (SELECT coalesce(json_agg(json_build_object('type', e.type, 'id', e.id, 'email', e.email)
     ORDER BY e.position, e.id), '[]') FROM contact_emails e WHERE e.contact_id = c.id) AS emails,
  (SELECT coalesce(json_agg(json_build_object('type', a.type, 'id', a.id, 'addressLine1', a.address_line1,
     'addressLine2', a.address_line2, 'city', a.city, 'state', a.state, 'zip', a.zip, 'country', a.country)
     ORDER BY a.position, a.id), '[]') FROM contact_addresses a WHERE a.contact_id = c.id) AS addresses`;

interface ContactRow {
  id: string;
  owner_id: string | null;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  shared: boolean;
  favorite: boolean;
  type: string;
  industry: string | null;
  employee_count: number | null;
  annual_revenue: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  zip: string | null;
  country: string | null;
  created_at: Date;
  updated_at: Date;
  phone_numbers: unknown[];
  emails: unknown[];
  addresses: unknown[];
}

function toResponse(row: ContactRow) {
  return {
    firstName: row.first_name,
    lastName: row.last_name,
    companyName: row.company_name,
    shared: row.shared,
    addresses: row.addresses,
    phoneNumbers: row.phone_numbers,
    emails: row.emails,
    favorite: row.favorite,
    forceSave: false,
    id: row.id,
    type: row.type,
    industry: row.industry,
    employeeCount: row.employee_count,
    annualRevenue: row.annual_revenue === null ? null : Number(row.annual_revenue),
    addressLine1: row.address_line1,
    addressLine2: row.address_line2,
    city: row.city,
    zip: row.zip,
    country: row.country,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const text = (column: string, sortable = false) => ({ kind: 'string' as const, column, nullable: true, sortable });

function fullName(operator: string, values: string[], bind: Binder): string {
  const exact = operator === 'eq' || operator === 'in';
  if (!exact && operator !== 'like') throw new HttpError(400, `The floor does not take ${operator} on fullName.`);
  const compare = (column: string, value: string) =>
    exact
      ? `lower(${column}) = lower(${bind(value)})`
      : `${column} ILIKE ${bind(`%${value.replace(/[\\%_]/g, '\\$&')}%`)}`;
  const either = (value: string) => {
    const words = value.trim().split(/\s+/).filter(Boolean);
    const whole = words.length > 0 ? words.join(' ') : value;
    const parts = [compare('c.first_name', whole), compare('c.last_name', whole)];
    for (let split = 1; split < words.length; split++) {
      parts.push(
        `(${compare('c.first_name', words.slice(0, split).join(' '))} AND ${compare('c.last_name', words.slice(split).join(' '))})`,
      );
    }
    return parts;
  };
  return `(${(operator === 'in' ? values : values.slice(0, 1)).flatMap(either).join(' OR ')})`;
}

export const CONTACT_LIST: ListSpec = {
  alias: 'c',
  defaultOrder: 'c.id ASC',
  fields: {
    id: { kind: 'uuid', column: 'c.id' },
    firstName: text('c.first_name', true),
    lastName: text('c.last_name', true),
    companyName: text('c.company_name', true),
    fullName: { kind: 'string', column: '', custom: fullName },
    city: text('c.city'),
    country: text('c.country', true),
    shared: { kind: 'boolean', column: 'c.shared' },
    favorite: { kind: 'boolean', column: 'c.favorite', sortable: true },
    type: { kind: 'enum', column: 'c.type', values: CONTACT_TYPES },
    employeeCount: { kind: 'integer', column: 'c.employee_count', nullable: true, sortable: true },
    createdAt: { kind: 'date', column: 'c.created_at', sortable: true },
    updatedAt: { kind: 'date', column: 'c.updated_at', sortable: true },
    'phoneNumbers.phoneNumber': {
      kind: 'string',
      column: 'r.phone_number',
      related: { table: 'contact_phone_numbers', key: 'contact_id' },
      normalize: plusDecodedAsSpace,
    },
    'emails.email': { kind: 'string', column: 'r.email', related: { table: 'contact_emails', key: 'contact_id' } },
  },
};

const VISIBLE = (tenant: string, user: string) => `c.tenant_id = ${tenant} AND (c.shared OR c.owner_id = ${user})`;

export class FloorContacts {
  constructor(private readonly pool: Pool) {}

  async list(principal: FloorPrincipal, params: URLSearchParams) {
    const values: unknown[] = [];
    const bind: Binder = (value) => `$${values.push(value)}`;
    const list = parseList(CONTACT_LIST, params, bind);
    const where = [VISIBLE(bind(principal.tenantId), bind(principal.userId)), ...list.where].join(' AND ');
    const skip = (list.pageNumber - 1) * list.pageSize;
    // The page's rows first, then their lists: the lists of the rows OFFSET skips are never built.
    const { rows } = await this.pool.query<ContactRow>(
      `SELECT ${CONTACT_COLUMNS} FROM (SELECT c.* FROM contacts c WHERE ${where} ORDER BY ${list.orderBy}
        LIMIT ${list.pageSize + 1} OFFSET ${skip}) c ORDER BY ${list.orderBy}`,
      values,
    );
    const hasNextPage = rows.length > list.pageSize;
    const data = (hasNextPage ? rows.slice(0, list.pageSize) : rows).map(toResponse);
    const paging = await pagingOf(list, data.length, hasNextPage, async (limit) => {
      const counted = await this.pool.query<{ n: number }>(
        limit === undefined
          ? `SELECT count(*)::int AS n FROM contacts c WHERE ${where}`
          : `SELECT count(*)::int AS n FROM (SELECT 1 FROM contacts c WHERE ${where} LIMIT ${limit}) s`,
        values,
      );
      return counted.rows[0].n;
    });
    return { data, paging };
  }

  async get(principal: FloorPrincipal, id: string) {
    const { rows } = await this.pool.query<ContactRow>(
      `SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.id = $3 AND ${VISIBLE('$1', '$2')}`,
      [principal.tenantId, principal.userId, id],
    );
    if (!rows[0]) throw new HttpError(404, 'Contact not found.');
    return toResponse(rows[0]);
  }

  /** POST: the bench's shapes (names, company fields, numbers in E.164, emails); other input is a 400. */
  async create(principal: FloorPrincipal, body: Record<string, unknown>) {
    const scalars = scalarsOf(body, true);
    const phones = listOf(body.phoneNumbers, 'phoneNumbers', (item, field) => {
      const phoneNumber = typeof item.phoneNumber === 'string' ? item.phoneNumber.replace(/[\s()-]/g, '') : '';
      if (!/^\+[1-9]\d{6,14}$/.test(phoneNumber)) throw badField(`${field}.phoneNumber`, 'must be E.164 for the floor');
      return { type: oneOf(item.type, PHONE_TYPES, 'WORK', `${field}.type`), value: phoneNumber };
    });
    const emails = listOf(body.emails, 'emails', (item, field) => {
      if (typeof item.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(item.email))
        throw badField(`${field}.email`, 'must be an email address');
      return { type: oneOf(item.type, EMAIL_TYPES, 'WORK', `${field}.type`), value: item.email.toLowerCase() };
    });
    if (body.addresses !== undefined && !(Array.isArray(body.addresses) && body.addresses.length === 0))
      throw badField('addresses', 'the floor takes no addresses');
    if (!scalars.first_name && !scalars.last_name && !scalars.company_name)
      throw badField('firstName', 'a contact needs at least one of firstName, lastName and companyName');
    return this.inTransaction(async (client) => {
      await this.refuseDuplicates(
        client,
        principal,
        phones.map((p) => p.value),
        undefined,
        body.forceSave === true,
      );
      const columns = Object.keys(scalars);
      const values: unknown[] = [principal.tenantId, principal.userId, ...Object.values(scalars)];
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO contacts (id, tenant_id, owner_id, ${columns.join(', ')}, created_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, ${columns.map((_, i) => `$${i + 3}`).join(', ')}, now(), now()) RETURNING id`,
        values,
      );
      const id = rows[0].id;
      await client.query(
        `WITH p AS (INSERT INTO contact_phone_numbers (id, tenant_id, contact_id, type, phone_number, position)
                    SELECT gen_random_uuid(), $1, $2, t::"ContactPhoneNumberType", v, o - 1
                      FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS x(t, v, o))
         INSERT INTO contact_emails (id, tenant_id, contact_id, type, email, position)
         SELECT gen_random_uuid(), $1, $2, t::"ContactEmailType", v, o - 1
           FROM unnest($5::text[], $6::text[]) WITH ORDINALITY AS x(t, v, o)`,
        [
          principal.tenantId,
          id,
          phones.map((p) => p.type),
          phones.map((p) => p.value),
          emails.map((e) => e.type),
          emails.map((e) => e.value),
        ],
      );
      const read = await client.query<ContactRow>(`SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.id = $1`, [id]);
      return toResponse(read.rows[0]);
    });
  }

  /** PATCH of the contact's own fields (not its lists): one UPDATE, or a locked read first when names or shared change. */
  async patch(principal: FloorPrincipal, id: string, body: Record<string, unknown>) {
    for (const list of ['phoneNumbers', 'emails', 'addresses'])
      if (body[list] !== undefined) throw badField(list, 'the floor patches no lists');
    const scalars = scalarsOf(body, false);
    const columns = Object.keys(scalars);
    const sets = columns.map((column, i) => `${column} = $${i + 4}`);
    const update = `UPDATE contacts c SET ${[...sets, 'updated_at = now()'].join(', ')}
      WHERE c.id = $3 AND ${VISIBLE('$1', '$2')} RETURNING ${CONTACT_COLUMNS}`;
    const values = [principal.tenantId, principal.userId, id, ...Object.values(scalars)];
    const touchesRules = ['first_name', 'last_name', 'company_name', 'shared'].some((c) => c in scalars);
    if (!touchesRules) {
      const { rows } = await this.pool.query<ContactRow>(update, values);
      if (!rows[0]) throw new HttpError(404, 'Contact not found.');
      return toResponse(rows[0]);
    }
    return this.inTransaction(async (client) => {
      const { rows } = await client.query<
        Pick<ContactRow, 'first_name' | 'last_name' | 'company_name' | 'shared' | 'owner_id'>
      >(
        `SELECT c.first_name, c.last_name, c.company_name, c.shared, c.owner_id FROM contacts c
          WHERE c.id = $3 AND ${VISIBLE('$1', '$2')} FOR UPDATE`,
        values.slice(0, 3),
      );
      const existing = rows[0];
      if (!existing) throw new HttpError(404, 'Contact not found.');
      const after = { ...existing, ...scalars };
      if (!after.first_name && !after.last_name && !after.company_name)
        throw badField('firstName', 'a contact needs at least one of firstName, lastName and companyName');
      if (after.shared !== existing.shared && existing.owner_id !== principal.userId)
        throw new HttpError(
          403,
          `Only the contact’s owner can change shared: send "shared": ${existing.shared} or leave it out.`,
        );
      const updated = await client.query<ContactRow>(update, values);
      return toResponse(updated.rows[0]);
    });
  }

  private async refuseDuplicates(
    client: PoolClient,
    principal: FloorPrincipal,
    numbers: string[],
    contactId: string | undefined,
    force: boolean,
  ): Promise<void> {
    if (force || numbers.length === 0) return;
    const sorted = [...new Set(numbers)].sort();
    // libs/db RowLocks.advisory's key, so the floor and the stack serialise on the same numbers.
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k', [
      sorted.map((number) => `${principal.tenantId}:contact-phone-number:${number}`),
    ]);
    const { rows } = await client.query<{ phone_number: string; id: string }>(
      `SELECT p.phone_number, c.id FROM contact_phone_numbers p JOIN contacts c ON c.id = p.contact_id
        WHERE p.tenant_id = $1 AND p.phone_number = ANY($2::text[]) AND ($3::uuid IS NULL OR p.contact_id <> $3)`,
      [principal.tenantId, sorted, contactId ?? null],
    );
    if (rows.length > 0) {
      throw new HttpError(
        409,
        `Phone number ${rows[0].phone_number} is already on another contact. Send "forceSave": true to save the contact anyway.`,
        rows.map((row) => ({ message: `${row.phone_number} is already on contact ${row.id}` })),
      );
    }
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

function badField(field: string, message: string): HttpError {
  return new HttpError(400, `Invalid request: ${field} ${message}.`, [{ field, message: `${field} ${message}` }]);
}

function oneOf(value: unknown, allowed: string[], fallback: string, field: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value))
    throw badField(field, `must be one of ${allowed.join(', ')}`);
  return value;
}

function listOf<T>(value: unknown, field: string, item: (entry: Record<string, unknown>, field: string) => T): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 50) throw badField(field, 'must be a list of at most 50 items');
  return value.map((entry, index) => {
    if (entry === null || typeof entry !== 'object') throw badField(`${field}[${index}]`, 'must be an object');
    return item(entry as Record<string, unknown>, `${field}[${index}]`);
  });
}

const TEXT_FIELDS: Record<string, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  companyName: 'company_name',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  city: 'city',
  zip: 'zip',
};

/** The scalar fields sent, as column → value; unknown fields are a 400 (the stack's whitelist). */
function scalarsOf(body: Record<string, unknown>, creating: boolean): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (['phoneNumbers', 'emails', 'addresses', 'forceSave'].includes(key)) continue;
    if (key in TEXT_FIELDS) {
      if (value !== null && typeof value !== 'string') throw badField(key, 'must be a string');
      const trimmed = typeof value === 'string' ? value.trim() : null;
      columns[TEXT_FIELDS[key]] = trimmed === '' ? null : trimmed;
    } else if (key === 'shared' || key === 'favorite') {
      if (typeof value !== 'boolean') throw badField(key, 'must be a boolean value');
      columns[key] = value;
    } else if (key === 'type') {
      columns.type = oneOf(value, CONTACT_TYPES, 'EXTERNAL', key);
    } else if (key === 'country') {
      if (value !== null && (typeof value !== 'string' || !/^[A-Za-z]{2}$/.test(value)))
        throw badField(key, 'must be an ISO 3166-1 alpha-2 code');
      columns.country = typeof value === 'string' ? value.toUpperCase() : null;
    } else if (key === 'employeeCount') {
      if (value !== null && !(Number.isInteger(value) && (value as number) >= 0))
        throw badField(key, 'must be an integer');
      columns.employee_count = value;
    } else throw badField(key, 'is not a field the floor takes');
  }
  if (creating && !('type' in columns)) columns.type = 'EXTERNAL';
  return columns;
}
