import { Injectable } from '@nestjs/common';
import { Principal } from '@diallink/auth';
import {
  ConflictError,
  ErrorDetail,
  ForbiddenError,
  NotFoundError,
  invalidFieldsError,
  toE164,
} from '@diallink/common';
import {
  ContactAddressType,
  ContactEmailType,
  ContactPhoneNumberType,
  ContactType,
  Industry,
  Db,
  PhoneSystemDatabase,
  Prisma,
  Tx,
} from '../database';
import { RowLocks, tenantWriter } from '@diallink/db';
import { Page, Sql, SqlParsedListQuery, column, or, param, sql } from '@diallink/query';
import { ContactAddressRequest, ContactRequest } from './dto/contact.request';
import { ContactResponse } from './dto/contact.response';
import { getContact, listContacts, visibleTo as visibleSql } from './contacts.reader';
import { PhoneHolder, insertContact, phoneHolders, updateContactFields } from './contacts.writer';

const BY_POSITION = { orderBy: [{ position: 'asc' }, { id: 'asc' }] } satisfies {
  orderBy: Prisma.ContactEmailOrderByWithRelationInput[];
};
const WITH_LISTS = {
  phoneNumbers: BY_POSITION,
  emails: BY_POSITION,
  addresses: BY_POSITION,
} satisfies Prisma.ContactInclude;
/** A contact with its lists in one statement (LATERAL joins: the `relationJoins` preview feature). */
export const READ = { include: WITH_LISTS, relationLoadStrategy: 'join' } as const;
type ContactWithLists = Prisma.ContactGetPayload<{ include: typeof WITH_LISTS }>;

/** The contact's own columns, as a request sets them. */
interface ContactScalars {
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  shared: boolean;
  favorite: boolean;
  type: ContactType;
  industry: Industry | null;
  employeeCount: number | null;
  annualRevenue: string | Prisma.Decimal | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  zip: string | null;
  country: string | null;
}

const SCALARS = [
  'firstName',
  'lastName',
  'companyName',
  'shared',
  'favorite',
  'type',
  'industry',
  'employeeCount',
  'annualRevenue',
  'addressLine1',
  'addressLine2',
  'city',
  'zip',
  'country',
] as const satisfies readonly (keyof ContactScalars & keyof ContactRequest)[];

const NAMES = ['firstName', 'lastName', 'companyName'] as const satisfies readonly (typeof SCALARS)[number][];
const NAME_COLUMNS = { firstName: 'first_name', lastName: 'last_name', companyName: 'company_name' } as const;

/**
 * The fields a PATCH sends, and only those: an update that sets the others to the values just
 * read would change nothing, and (with `null`s written into the SQL) would give Prisma a new
 * statement shape to compile for each mix of empty fields.
 */
function sentFields(input: ContactRequest): Partial<ContactScalars> {
  const fields: Partial<ContactScalars> = {};
  for (const key of SCALARS) {
    if (input[key] !== undefined) (fields as Record<string, unknown>)[key] = input[key];
  }
  return fields;
}

/** A new contact, and what PUT clears an omitted field to. */
const DEFAULTS: ContactScalars = {
  firstName: null,
  lastName: null,
  companyName: null,
  shared: false,
  favorite: false,
  type: ContactType.EXTERNAL,
  industry: null,
  employeeCount: null,
  annualRevenue: null,
  addressLine1: null,
  addressLine2: null,
  city: null,
  zip: null,
  country: null,
};

interface PhoneItem {
  id?: string;
  type: ContactPhoneNumberType;
  phoneNumber: string;
  /** Where it was in the request, for error details. */
  field: string;
}
interface EmailItem {
  id?: string;
  type: ContactEmailType;
  email: string;
}
type AddressItem = Omit<Required<ContactAddressRequest>, 'id'> & { id?: string; type: ContactAddressType };

/** The lists a request writes; `undefined` keeps the contact's list as it is (PATCH without it). */
interface ListChanges {
  phoneNumbers?: PhoneItem[];
  emails?: EmailItem[];
  addresses?: AddressItem[];
}

type Mode = 'create' | 'replace' | 'patch';

export function toResponse(contact: ContactWithLists): ContactResponse {
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    companyName: contact.companyName,
    shared: contact.shared,
    addresses: contact.addresses.map(({ type, id, addressLine1, addressLine2, city, state, zip, country }) => ({
      type,
      id,
      addressLine1,
      addressLine2,
      city,
      state,
      zip,
      country,
    })),
    phoneNumbers: contact.phoneNumbers.map(({ type, id, phoneNumber }) => ({ type, id, phoneNumber })),
    emails: contact.emails.map(({ type, id, email }) => ({ type, id, email })),
    favorite: contact.favorite,
    forceSave: false,
    id: contact.id,
    type: contact.type,
    industry: contact.industry,
    employeeCount: contact.employeeCount,
    annualRevenue: contact.annualRevenue === null ? null : contact.annualRevenue.toNumber(),
    addressLine1: contact.addressLine1,
    addressLine2: contact.addressLine2,
    city: contact.city,
    zip: contact.zip,
    country: contact.country,
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
  };
}

/** A contact is the caller's to see when it is shared or theirs. */
function visibleTo(principal: Principal): Prisma.ContactWhereInput {
  return { OR: [{ shared: true }, { ownerId: principal.userId }] };
}

/** "Sophia Brooks", else the company's name. */
function displayName(contact: {
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
}): string {
  const person = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return person || contact.companyName || '';
}

/**
 * The tenant's contacts. A contact that is not `shared` is its owner's (the user who made it)
 * alone: to everyone else it does not exist (404, absent from lists). Shared contacts can be
 * changed and deleted by anyone with `phone-system:contacts:write`, but only the owner changes
 * `shared`. Phone numbers are E.164 and unique across the tenant's contacts unless `forceSave`;
 * the check is serialised per number, so two requests cannot both add the same number unforced.
 */
@Injectable()
export class ContactsService {
  constructor(private readonly database: PhoneSystemDatabase) {}

  private db(principal: Principal): Db {
    return this.database.forTenant(principal.tenantId);
  }

  /** Through the raw read path (contacts.reader.ts): one statement per page, plus a capped count when needed. */
  list(principal: Principal, query: SqlParsedListQuery): Promise<Page<ContactResponse>> {
    return listContacts(this.database, principal, query);
  }

  /** Through the raw read path: one statement. */
  get(principal: Principal, id: string): Promise<ContactResponse> {
    return getContact(this.database, principal, id);
  }

  /**
   * Through the raw write path (contacts.writer.ts): the contact and its lists in one statement;
   * with numbers to check, in a transaction that first locks the numbers and reads their holders.
   */
  async create(principal: Principal, input: ContactRequest): Promise<ContactResponse> {
    const scalars = this.scalars(DEFAULTS, input);
    const lists = this.checkedLists('create', input, scalars, undefined);
    const phoneNumbers = lists.phoneNumbers ?? [];
    const write = { phoneNumbers, emails: lists.emails ?? [], addresses: lists.addresses ?? [] };
    const now = new Date();
    const writer = tenantWriter(this.database);
    // Nothing to check against other contacts: one statement is atomic on its own.
    if (input.forceSave || phoneNumbers.length === 0)
      return insertContact(writer.forTenant(principal.tenantId), principal, scalars, write, now);
    return writer.transaction(principal.tenantId, async (tx) => {
      const numbers = [...new Set(phoneNumbers.map((item) => item.phoneNumber))].sort();
      await tx.advisoryLock(...numbers.map((number) => `contact-phone-number:${number}`));
      refuseHeld(principal, phoneNumbers, await phoneHolders(tx, numbers, undefined));
      return insertContact(tx, principal, scalars, write, now);
    });
  }

  replace(principal: Principal, id: string, input: ContactRequest): Promise<ContactResponse> {
    return this.update(principal, id, input, 'replace');
  }

  patch(principal: Principal, id: string, input: ContactRequest): Promise<ContactResponse> {
    return this.update(principal, id, input, 'patch');
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const { count } = await this.db(principal).contact.deleteMany({ where: { id, ...visibleTo(principal) } });
    if (count === 0) throw new NotFoundError('Contact');
  }

  private async update(
    principal: Principal,
    id: string,
    input: ContactRequest,
    mode: 'replace' | 'patch',
  ): Promise<ContactResponse> {
    if (mode === 'patch') {
      const patched = await this.patchFields(principal, id, input);
      if (patched) return patched;
    }
    return this.database.transaction(principal.tenantId, async (tx, locks) => {
      // Changes to one contact (its lists above all) happen one after the other.
      await locks.forUpdate('Contact', id);
      const existing = await this.findVisible(tx, principal, id);
      const scalars = this.scalars(mode === 'replace' ? DEFAULTS : existing, input);
      const lists = this.checkedLists(mode, input, scalars, existing);
      if (scalars.shared !== existing.shared && existing.ownerId !== principal.userId) {
        throw new ForbiddenError(
          `Only the contact’s owner can change shared: send "shared": ${existing.shared}${mode === 'patch' ? ' or leave it out' : ''}.`,
        );
      }
      const held = new Set(existing.phoneNumbers.map((item) => item.phoneNumber));
      const added = (lists.phoneNumbers ?? []).filter((item) => !held.has(item.phoneNumber));
      await this.refuseDuplicates(tx, locks, principal, added, existing.id, input.forceSave);

      const { tenantId } = principal;
      const updated = await tx.contact.update({
        where: { id: existing.id },
        data: {
          // PUT sets every field; PATCH only those sent (the others are the contact's already).
          ...(mode === 'replace' ? scalars : sentFields(input)),
          // Also when only a list changes: the contact changed.
          updatedAt: new Date(),
          phoneNumbers: listWrite(existing.phoneNumbers, lists.phoneNumbers, phoneData, tenantId),
          emails: listWrite(existing.emails, lists.emails, emailData, tenantId),
          addresses: listWrite(existing.addresses, lists.addresses, addressData, tenantId),
        },
        ...READ,
      });
      return toResponse(updated);
    });
  }

  /**
   * PATCH of the contact's own fields (no list sent) as one update, without reading the contact
   * first: the rules the full path checks on the contact it has read are conditions of the
   * update instead — visible to the caller, a name left after the change, `shared` changed only
   * by the owner, `updatedAt` not set back — so PostgreSQL checks them on the row it updates, under the update's row lock
   * (no other change to the contact can come between the check and the write). Undefined when the
   * update finds no such row: the full path then answers as it always has (404, 400 or 403).
   */
  private async patchFields(
    principal: Principal,
    id: string,
    input: ContactRequest,
  ): Promise<ContactResponse | undefined> {
    if (input.phoneNumbers !== undefined || input.emails !== undefined || input.addresses !== undefined)
      return undefined;
    const rules: Sql[] = [visibleSql(principal)];
    if (!NAMES.some((key) => input[key])) {
      // No name sent: one of those not sent must be there (every name cleared is the full path's 400).
      const kept = NAMES.filter((key) => input[key] === undefined);
      if (kept.length === 0) return undefined;
      rules.push(
        or(
          kept.map(
            (key) => sql`(${column('t0', NAME_COLUMNS[key])} IS NOT NULL AND ${column('t0', NAME_COLUMNS[key])} <> '')`,
          ),
        ),
      );
    }
    if (input.shared !== undefined)
      rules.push(sql`(t0.shared = ${param(input.shared)} OR t0.owner_id = ${param(principal.userId, 'uuid')})`);
    // `updatedAt` never goes back: the clock is read before the update waits for the row's lock,
    // so if a change that read it later committed meanwhile, the locked path (which reads the
    // clock once it holds the lock) writes this one.
    const now = new Date();
    rules.push(sql`t0.updated_at <= ${param(now.toISOString(), 'timestamptz')}`);
    return updateContactFields(this.database, principal, id, { ...sentFields(input), updatedAt: now }, rules);
  }

  private async findVisible(db: Db, principal: Principal, id: string): Promise<ContactWithLists> {
    const contact = await db.contact.findFirst({ where: { id, ...visibleTo(principal) }, ...READ });
    // The same answer for a missing id, another tenant's and another user's private contact.
    if (!contact) throw new NotFoundError('Contact');
    return contact;
  }

  /** The request's fields over `base` (the defaults, or the contact for PATCH): `null` clears, absent keeps. */
  private scalars(base: ContactScalars, input: ContactRequest): ContactScalars {
    const result = { ...DEFAULTS };
    for (const key of SCALARS) {
      const sent = input[key];
      (result as Record<string, unknown>)[key] = sent === undefined ? base[key] : sent;
    }
    return result;
  }

  /**
   * What the request does to the lists, checked: the contact has a name, numbers are valid E.164
   * (read in the contact's country when written without a country code) and not twice on the
   * contact, emails not twice, addresses not empty, item ids of this contact's lists. Every
   * problem is named in one 400.
   */
  private checkedLists(
    mode: Mode,
    input: ContactRequest,
    scalars: ContactScalars,
    existing: ContactWithLists | undefined,
  ): ListChanges {
    const details: ErrorDetail[] = [];
    if (!scalars.firstName && !scalars.lastName && !scalars.companyName) {
      const message = 'a contact needs at least one of firstName, lastName and companyName';
      for (const field of ['firstName', 'lastName', 'companyName']) details.push({ field, message });
    }
    // POST and PUT write every list (an omitted one is empty); PATCH only the lists sent.
    const sent = <T>(list: T[] | undefined): T[] | undefined => list ?? (mode === 'patch' ? undefined : []);

    const phoneRequests = sent(input.phoneNumbers);
    let phoneNumbers: PhoneItem[] | undefined;
    if (phoneRequests) {
      checkIds('phoneNumbers', phoneRequests, existing?.phoneNumbers, details);
      const seen = new Map<string, string>();
      phoneNumbers = [];
      phoneRequests.forEach((item, index) => {
        const field = `phoneNumbers[${index}].phoneNumber`;
        const result = toE164(item.phoneNumber, scalars.country);
        if (!result.ok) {
          details.push({ field, message: `${field} ${result.problem}` });
          return;
        }
        const earlier = seen.get(result.number);
        if (earlier) {
          details.push({
            field,
            message: `${field} is ${result.number} again (as ${earlier}): a number is on a contact once`,
          });
          return;
        }
        seen.set(result.number, field);
        phoneNumbers?.push({
          id: item.id,
          type: item.type ?? ContactPhoneNumberType.WORK,
          phoneNumber: result.number,
          field,
        });
      });
    }

    const emailRequests = sent(input.emails);
    let emails: EmailItem[] | undefined;
    if (emailRequests) {
      checkIds('emails', emailRequests, existing?.emails, details);
      const seen = new Map<string, string>();
      emailRequests.forEach((item, index) => {
        const field = `emails[${index}].email`;
        const earlier = seen.get(item.email);
        if (earlier)
          details.push({
            field,
            message: `${field} is ${item.email} again (as ${earlier}): an email is on a contact once`,
          });
        else seen.set(item.email, field);
      });
      emails = emailRequests.map((item) => ({
        id: item.id,
        type: item.type ?? ContactEmailType.WORK,
        email: item.email,
      }));
    }

    const addressRequests = sent(input.addresses);
    let addresses: AddressItem[] | undefined;
    if (addressRequests) {
      checkIds('addresses', addressRequests, existing?.addresses, details);
      addresses = addressRequests.map((item, index) => {
        const address: AddressItem = {
          id: item.id,
          type: item.type ?? ContactAddressType.WORK,
          addressLine1: item.addressLine1 ?? null,
          addressLine2: item.addressLine2 ?? null,
          city: item.city ?? null,
          state: item.state ?? null,
          zip: item.zip ?? null,
          country: item.country ?? null,
        };
        const { addressLine1, addressLine2, city, state, zip, country } = address;
        if (![addressLine1, addressLine2, city, state, zip, country].some(Boolean)) {
          details.push({
            field: `addresses[${index}]`,
            message: `addresses[${index}] is empty: an address needs at least one of addressLine1, addressLine2, city, state, zip and country`,
          });
        }
        return address;
      });
    }

    if (details.length > 0) throw invalidFieldsError(details, { spellOutSingle: true });
    return { phoneNumbers, emails, addresses };
  }

  /**
   * 409 when a number being added is already on another contact of the tenant, unless forced.
   * The contact is named (id and name) only when the caller can see it. Each number is locked
   * for the rest of the transaction first, so concurrent requests take turns.
   */
  private async refuseDuplicates(
    tx: Tx,
    locks: RowLocks,
    principal: Principal,
    items: PhoneItem[],
    contactId: string | undefined,
    forceSave: boolean | undefined,
  ): Promise<void> {
    if (forceSave || items.length === 0) return;
    const numbers = [...new Set(items.map((item) => item.phoneNumber))].sort();
    await locks.advisory(...numbers.map((number) => `contact-phone-number:${number}`));
    const holders = await tx.contactPhoneNumber.findMany({
      where: { phoneNumber: { in: numbers }, ...(contactId && { contactId: { not: contactId } }) },
      select: {
        phoneNumber: true,
        contact: {
          select: { id: true, firstName: true, lastName: true, companyName: true, shared: true, ownerId: true },
        },
      },
      orderBy: [{ contact: { createdAt: 'asc' } }, { contactId: 'asc' }],
    });
    refuseHeld(principal, items, holders);
  }
}

/**
 * 409 when one of `items` is on a contact of `holders` (the other contacts holding the numbers,
 * oldest first). The contact is named (id and name) only when the caller can see it.
 */
function refuseHeld(principal: Principal, items: PhoneItem[], holders: PhoneHolder[]): void {
  const details: ErrorDetail[] = [];
  for (const item of items) {
    const onNumber = holders
      .filter((holder) => holder.phoneNumber === item.phoneNumber)
      .map((holder) => holder.contact);
    if (onNumber.length === 0) continue;
    const visible = onNumber.find((contact) => contact.shared || contact.ownerId === principal.userId);
    details.push({
      field: item.field,
      message: visible
        ? `${item.phoneNumber} is already on contact "${displayName(visible)}" (${visible.id})`
        : `${item.phoneNumber} is already on another contact of your organisation, one you cannot see`,
    });
  }
  if (details.length === 0) return;
  const more = details.length > 1 ? ` (and ${details.length - 1} more: see details)` : '';
  throw new ConflictError(
    `Phone number ${details[0].message}${more}. Send "forceSave": true to save the contact anyway.`,
    details,
  );
}

/** Item ids must be ids of this contact's list (kept, with new values), each once. */
function checkIds(
  list: string,
  items: { id?: string }[],
  existing: { id: string }[] | undefined,
  details: ErrorDetail[],
): void {
  const known = new Set((existing ?? []).map((item) => item.id));
  const seen = new Set<string>();
  items.forEach(({ id }, index) => {
    if (id === undefined) return;
    const field = `${list}[${index}].id`;
    const lower = id.toLowerCase();
    if (!known.has(lower)) details.push({ field, message: `${field} is not the id of one of this contact’s ${list}` });
    else if (seen.has(lower)) details.push({ field, message: `${field} appears twice in ${list}` });
    seen.add(lower);
  });
}

function phoneData(item: PhoneItem, position: number) {
  return { type: item.type, phoneNumber: item.phoneNumber, position };
}

function emailData(item: EmailItem, position: number) {
  return { type: item.type, email: item.email, position };
}

function addressData(item: AddressItem, position: number) {
  const { type, addressLine1, addressLine2, city, state, zip, country } = item;
  return { type, addressLine1, addressLine2, city, state, zip, country, position };
}

/**
 * A list sent in full, as nested writes: items with an id of the list are updated in place,
 * the others created, and the list's items not named deleted. `undefined` leaves the list alone.
 */
function listWrite<T extends { id?: string }, D extends object>(
  current: { id: string }[],
  items: T[] | undefined,
  data: (item: T, position: number) => D,
  tenantId: string,
) {
  if (items === undefined) return undefined;
  const kept = new Set(items.flatMap((item) => (item.id ? [item.id.toLowerCase()] : [])));
  return {
    deleteMany: { id: { in: current.map((item) => item.id).filter((id) => !kept.has(id)) } },
    update: items.flatMap((item, position) =>
      item.id ? [{ where: { id: item.id.toLowerCase() }, data: data(item, position) }] : [],
    ),
    create: items.flatMap((item, position) => (item.id ? [] : [{ tenantId, ...data(item, position) }])),
  };
}
