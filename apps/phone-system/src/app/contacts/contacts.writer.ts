import { randomUUID } from 'node:crypto';
import { Principal } from '@diallink/auth';
import { TenantWriteTransaction, TenantWrites, WriteValue, tenantWriter } from '@diallink/db';
import { Sql, and, param, sql, table } from '@diallink/query';
import { PhoneSystemDatabase } from '../database';
import { CONTACT_JSON, ContactJson, toResponse } from './contacts.reader';
import { ContactResponse } from './dto/contact.response';

/**
 * The raw write path of contacts, through `libs/db`'s tenant writer (the tenant's predicate and
 * values are the writer's): a PATCH of fields as one `UPDATE … RETURNING` with the contact's JSON
 * built by PostgreSQL (the raw read path's `CONTACT_JSON`), a POST as one `INSERT` of the contact
 * and its lists (data-modifying CTEs) returning the same JSON, and the holders of phone numbers
 * for the duplicate check. The rules stay in `ContactsService`; `contacts.writer.int-spec.ts`
 * compares the answers with the Prisma writes these replace.
 */

/** A contact's fields by the schema's field names, as the writer sets them (a Decimal as its text). */
export type ContactFields<T> = { readonly [K in keyof T]: WriteValue | { toString(): string } };

export interface NewContactLists {
  phoneNumbers: readonly { type: string; phoneNumber: string }[];
  emails: readonly { type: string; email: string }[];
  addresses: readonly {
    type: string;
    addressLine1: string | null;
    addressLine2: string | null;
    city: string | null;
    state: string | null;
    zip: string | null;
    country: string | null;
  }[];
}

/** A contact holding one of the numbers being added (`refuseDuplicates`'s shape). */
export interface PhoneHolder {
  phoneNumber: string;
  contact: {
    id: string;
    firstName: string | null;
    lastName: string | null;
    companyName: string | null;
    shared: boolean;
    ownerId: string | null;
  };
}

/** A PostgreSQL array literal of texts (a parameter's value: the reader's parameters are scalars). */
function textArray(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/** Values the writer takes: a Decimal as its text. */
function writable<T extends ContactFields<T>>(fields: T): Record<string, WriteValue> {
  const values: Record<string, WriteValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    values[key] =
      value === null || typeof value !== 'object' || value instanceof Date ? (value as WriteValue) : value.toString();
  }
  return values;
}

/**
 * The fields sent set on contact `id` when the row passes `guards` (besides being the tenant's),
 * read back as the contact's JSON in the same statement; undefined when no row passed (the
 * caller's locked path then finds out why). The lists in RETURNING are read from the statement's
 * snapshot, so the update takes the row only as that snapshot has it (`onlyAsOfSnapshot`): a row
 * changed by a write that committed while the update waited (a PUT of the lists, which always
 * changes the row's `updatedAt`) is left to the locked path, which reads it once it holds it.
 */
export async function updateContactFields<T extends ContactFields<T>>(
  database: PhoneSystemDatabase,
  principal: Principal,
  id: string,
  fields: T,
  guards: readonly Sql[],
): Promise<ContactResponse | undefined> {
  const [updated] = await tenantWriter(database)
    .forTenant(principal.tenantId)
    .update<{ row: ContactJson }>({
      model: 'Contact',
      alias: 't0',
      set: writable(fields),
      where: and([sql`t0.id = ${param(id, 'uuid')}`, ...guards]),
      returning: sql`${CONTACT_JSON} AS row`,
      onlyAsOfSnapshot: true,
    });
  return updated && toResponse(updated.row);
}

/** A new contact of the caller with its lists (positions in the order given), in one statement. */
export async function insertContact<T extends ContactFields<T>>(
  writes: TenantWrites,
  principal: Principal,
  fields: T,
  lists: NewContactLists,
  now: Date,
): Promise<ContactResponse> {
  const item = <T extends object>(value: T, position: number) => ({ id: randomUUID(), ...value, position });
  const [inserted] = await writes.insert<{ row: ContactJson }>(
    {
      model: 'Contact',
      values: {
        id: randomUUID(),
        ownerId: principal.userId,
        ...writable(fields),
        createdAt: now,
        updatedAt: now,
      },
      children: [
        {
          model: 'ContactPhoneNumber',
          parentKey: 'contactId',
          rows: lists.phoneNumbers.map(({ type, phoneNumber }, i) => item({ type, phoneNumber }, i)),
        },
        {
          model: 'ContactEmail',
          parentKey: 'contactId',
          rows: lists.emails.map(({ type, email }, i) => item({ type, email }, i)),
        },
        {
          model: 'ContactAddress',
          parentKey: 'contactId',
          rows: lists.addresses.map(({ type, addressLine1, addressLine2, city, state, zip, country }, i) =>
            item({ type, addressLine1, addressLine2, city, state, zip, country }, i),
          ),
        },
      ],
    },
    { alias: 't0', select: sql`${CONTACT_JSON} AS row` },
  );
  return toResponse(inserted.row);
}

/**
 * The contacts of the tenant (but `except`) holding one of `numbers`, oldest contact first —
 * read inside the transaction that holds the numbers' locks.
 */
export async function phoneHolders(
  tx: TenantWriteTransaction,
  numbers: readonly string[],
  except: string | undefined,
): Promise<PhoneHolder[]> {
  const rows = await tx.read<{
    phone_number: string;
    id: string;
    first_name: string | null;
    last_name: string | null;
    company_name: string | null;
    shared: boolean;
    owner_id: string | null;
  }>(
    sql`SELECT p.phone_number, c.id, c.first_name, c.last_name, c.company_name, c.shared, c.owner_id
      FROM ${table('ContactPhoneNumber')} p JOIN ${table('Contact')} c ON c.id = p.contact_id
      WHERE p.phone_number = ANY(${param(textArray(numbers), 'text[]')})${
        except === undefined ? sql`` : sql` AND p.contact_id <> ${param(except, 'uuid')}`
      }
      ORDER BY c.created_at, p.contact_id`,
  );
  return rows.map((row) => ({
    phoneNumber: row.phone_number,
    contact: {
      id: row.id,
      firstName: row.first_name,
      lastName: row.last_name,
      companyName: row.company_name,
      shared: row.shared,
      ownerId: row.owner_id,
    },
  }));
}
