import { randomUUID } from 'node:crypto';
import type { Principal } from '@diallink/auth';
import { NotFoundError } from '@diallink/common';
import { tenantWriter } from '@diallink/db';
import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';
import { ContactType, Industry, PhoneSystemDatabase } from '../database';
import { visibleTo } from './contacts.reader';
import { READ, ContactsService, toResponse } from './contacts.service';
import { phoneHolders, updateContactFields } from './contacts.writer';
import { ContactRequest } from './dto/contact.request';
import { eventually, LOCK_WAITERS_SQL, seededRandom, SeededRandom } from '@diallink/testing';

/**
 * The raw write path against the Prisma writes it replaced, on real rows: a PATCH of fields
 * answers the JSON text Prisma's update answers for the same change, a POST the JSON text of
 * Prisma's read of the contact it stored and of Prisma's nested create of the same input (ids and
 * instants aside); nothing of another tenant is changed or seen.
 */

const NAMES = ['Sophia', 'Ann_Marie', '50%', 'Back\\slash', 'Mary Ann', "O'Brien", 'Élodie', 'quote"d', null];
const TEXTS = ['New York', 'Paris', 'Tbilisi', '10001', 'a\nb', 'emoji 📞', null];
const REVENUES = [null, '0', '0.5', '750000', '750000.10', '200000.00', '9999999999999.99', '15'];
const COUNTS = [null, 0, 12, 1500, 2147483647];
const COUNTRIES = ['US', 'FR', 'GE', 'DE', null];
const NUMBERS = ['+17175501675', '+33123456789', '+995322123456', '+4930123456', '+12025550143'];

/** Some of the contact's own fields, as a PATCH sends them (after validation). */
function someFields(rng: SeededRandom): Record<string, unknown> {
  const all: Record<string, () => unknown> = {
    firstName: () => rng.pick(NAMES),
    lastName: () => rng.pick(NAMES),
    companyName: () => rng.pick(NAMES),
    favorite: () => rng.next() < 0.5,
    type: () => rng.pick(Object.values(ContactType)),
    industry: () => rng.pick([...Object.values(Industry), null]),
    employeeCount: () => rng.pick(COUNTS),
    annualRevenue: () => rng.pick(REVENUES),
    addressLine1: () => rng.pick(TEXTS),
    addressLine2: () => rng.pick(TEXTS),
    city: () => rng.pick(TEXTS),
    zip: () => rng.pick(TEXTS),
    country: () => rng.pick(COUNTRIES),
  };
  const fields: Record<string, unknown> = {};
  for (const [key, make] of Object.entries(all)) if (rng.next() < 0.4) fields[key] = make();
  // A contact keeps a name.
  return { ...fields, firstName: rng.pick(NAMES.filter(Boolean)) };
}

/** A POST body (validated), with lists of every length the bench and the tests send. */
function someContact(rng: SeededRandom, n: number): ContactRequest {
  const numbers = [...NUMBERS].sort(() => rng.next() - 0.5).slice(0, rng.int(4));
  return {
    ...someFields(rng),
    shared: rng.next() < 0.5,
    phoneNumbers: numbers.map((number) => ({
      phoneNumber: number.slice(0, -3) + String(n).padStart(3, '0'),
      ...(rng.next() < 0.5 && { type: rng.pick(['WORK', 'MOBILE', 'HOME', 'FAX'] as const) }),
    })),
    emails: Array.from({ length: rng.int(3) }, (_, i) => ({
      email: `p${n}.${i}@example.test`,
      ...(rng.next() < 0.5 && { type: rng.pick(['WORK', 'PERSONAL'] as const) }),
    })),
    addresses: Array.from({ length: rng.int(3) }, () => ({
      city: rng.pick(TEXTS) ?? 'Paris',
      zip: rng.pick(TEXTS),
      ...(rng.next() < 0.5 && { type: rng.pick(['WORK', 'HOME'] as const) }),
    })),
  } as ContactRequest;
}

describe('contacts: the raw write path answers what the Prisma writes answered', () => {
  let fixture: PhoneSystemFixture;
  let database: PhoneSystemDatabase;
  let service: ContactsService;
  const TENANT = randomUUID();
  const OTHER = randomUUID();
  const ALICE = randomUUID();
  /** Where the Prisma write of the same input goes (its numbers would be duplicates in TENANT). */
  const TWIN = randomUUID();

  const principal = (userId: string, tenantId = TENANT) =>
    ({
      userId,
      tenantId,
      email: 'x@example.com',
      roles: [],
      permissions: [],
      products: [],
      credential: { type: 'bearer' },
    }) as Principal;
  const alice = principal(ALICE);
  const intruder = principal(randomUUID(), OTHER);

  /** The contact as Prisma reads it. */
  const prismaRead = async (id: string) =>
    toResponse(await database.forTenant(TENANT).contact.findFirstOrThrow({ where: { id }, ...READ }));

  beforeAll(async () => {
    fixture = await startPhoneSystem();
    database = fixture.app.get(PhoneSystemDatabase);
    service = fixture.app.get(ContactsService);
  }, 120_000);

  afterAll(async () => {
    await fixture?.close();
  });

  it('POST: answers the contact as Prisma reads it back, and as Prisma’s nested create of the same input answers it', async () => {
    const rng = seededRandom(11);
    for (let n = 0; n < 40; n++) {
      const input = someContact(rng, n);
      const created = await service.create(alice, input);
      expect(JSON.stringify(created)).toBe(JSON.stringify(await prismaRead(created.id)));

      // The Prisma write it replaced (ContactsService.create before the raw path), on the same input.
      const { phoneNumbers = [], emails = [], addresses = [], forceSave: _force, ...fields } = input;
      const lists = <T>(items: T[]) => items.map((item, position) => ({ tenantId: TWIN, ...item, position }));
      const old = toResponse(
        await database.forTenant(TWIN).contact.create({
          data: {
            tenantId: TWIN,
            ownerId: ALICE,
            ...fields,
            phoneNumbers: {
              create: lists(phoneNumbers.map(({ type = 'WORK', phoneNumber }) => ({ type, phoneNumber }))),
            },
            emails: { create: lists(emails.map(({ type = 'WORK', email }) => ({ type, email }))) },
            addresses: {
              create: lists(
                addresses.map(({ type = 'WORK', ...address }) => ({
                  type,
                  addressLine1: null,
                  addressLine2: null,
                  city: null,
                  state: null,
                  zip: null,
                  country: null,
                  ...address,
                })),
              ),
            },
          },
          ...READ,
        }),
      );
      const ids = new Map<string, string>();
      const same = (contact: object) =>
        JSON.stringify(contact)
          .replace(/"id":"[0-9a-f-]{36}"/g, (id) => {
            if (!ids.has(id)) ids.set(id, `"id":${ids.size}`);
            return ids.get(id) as string;
          })
          .replace(/"(createdAt|updatedAt)":"[^"]+"/g, '"$1":"instant"');
      ids.clear();
      const ours = same(created);
      ids.clear();
      expect(ours).toBe(same(old));
      expect(created.createdAt.getTime()).toBe(created.updatedAt.getTime());
    }
  }, 120_000);

  it('PATCH of fields: answers the JSON text Prisma’s update answers for the same change', async () => {
    const rng = seededRandom(12);
    const ids: string[] = [];
    for (let n = 0; n < 10; n++) ids.push((await service.create(alice, someContact(rng, 100 + n))).id);
    for (let n = 0; n < 60; n++) {
      const id = rng.pick(ids);
      const fields = someFields(rng);
      const now = new Date(Date.now() + n);
      const ours = await updateContactFields(database, alice, id, { ...fields, updatedAt: now }, [visibleTo(alice)]);
      const theirs = toResponse(
        await database
          .forTenant(TENANT)
          .contact.update({ where: { id }, data: { ...fields, updatedAt: now }, ...READ }),
      );
      expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
    }
  }, 120_000);

  it('PATCH of fields: answers the lists the contact has once changed, also when a change of them commits while it waits for the row', async () => {
    const contact = await service.create(alice, {
      firstName: 'Waiting',
      shared: true,
      phoneNumbers: [{ phoneNumber: '+17175550100' }],
    } as ContactRequest);
    let patched: Promise<unknown> | undefined;
    await database.unscoped.$transaction(async (tx) => {
      // A PUT of the lists, not committed yet: it holds the contact's row.
      await tx.contact.update({
        where: { id: contact.id },
        data: {
          updatedAt: new Date(),
          phoneNumbers: {
            deleteMany: {},
            create: [{ tenantId: TENANT, phoneNumber: '+17175550199', position: 0 }],
          },
        },
      });
      patched = service.patch(alice, contact.id, { city: 'Later' } as ContactRequest);
      // The PATCH waits for the row (a state, not a time).
      await eventually(20_000, async () => {
        const [{ waiting }] = await database.unscoped.$queryRawUnsafe<{ waiting: number }[]>(LOCK_WAITERS_SQL);
        return waiting > 0;
      });
    });
    const answer = await patched;
    const stored = await prismaRead(contact.id);
    expect(stored).toMatchObject({ city: 'Later', phoneNumbers: [{ phoneNumber: '+17175550199' }] });
    expect(JSON.stringify(answer)).toBe(JSON.stringify(stored));
  });

  it('changes and sees nothing of another tenant: its ids are missing ones, its numbers free', async () => {
    const contact = await service.create(alice, {
      firstName: 'Mine',
      shared: true,
      phoneNumbers: [{ phoneNumber: '+17175559999' }],
    } as ContactRequest);
    const before = JSON.stringify(await prismaRead(contact.id));
    expect(
      await updateContactFields(database, intruder, contact.id, { city: 'Taken' }, [visibleTo(intruder)]),
    ).toBeUndefined();
    await expect(service.patch(intruder, contact.id, { city: 'Taken' } as ContactRequest)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(service.patch(intruder, randomUUID(), { city: 'Taken' } as ContactRequest)).rejects.toEqual(
      new NotFoundError('Contact'),
    );
    expect(JSON.stringify(await prismaRead(contact.id))).toBe(before);
    const holders = await tenantWriter(database).transaction(OTHER, (tx) =>
      phoneHolders(tx, ['+17175559999'], undefined),
    );
    expect(holders).toEqual([]);
    const theirs = await service.create(intruder, {
      firstName: 'Theirs',
      phoneNumbers: [{ phoneNumber: '+17175559999' }],
    } as ContactRequest);
    expect(theirs.phoneNumbers.map((item) => item.phoneNumber)).toEqual(['+17175559999']);
  });
});
