import type { SeededUser } from '@diallink/testing';
import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';
import { CONTACTS, ContactBody, contactsAs } from './testing/contacts-api';

/** The reference's Quick Start POST body, exactly. */
const QUICK_START_BODY = {
  firstName: 'Sophia',
  lastName: 'Brooks',
  companyName: 'Company inc.',
  shared: false,
  favorite: false,
  phoneNumbers: [
    {
      type: 'WORK',
      phoneNumber: '+17175501675',
    },
  ],
};

/** The reference's ContactRequest example, exactly (employeeCount as a string). */
const CONTACT_REQUEST_EXAMPLE = {
  companyName: 'Arrow Inc.',
  industry: 'RETAIL',
  type: 'LEAD',
  employeeCount: '100',
  addressLine1: '232 1st street',
  addressLine2: 'Suite 2210',
  city: 'Newtown',
  country: 'US',
};

/** What we answer beyond the reference's example contact: the company fields and timestamps. */
const NO_COMPANY_FIELDS = {
  industry: null,
  employeeCount: null,
  annualRevenue: null,
  addressLine1: null,
  addressLine2: null,
  city: null,
  zip: null,
  country: null,
  createdAt: expect.any(String),
  updatedAt: expect.any(String),
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('/v1/phone-system/contacts', () => {
  let phone: PhoneSystemFixture;
  let owner: SeededUser;
  let api: ReturnType<typeof contactsAs>;

  beforeAll(async () => {
    phone = await startPhoneSystem();
  });
  afterAll(() => phone.close());

  beforeEach(async () => {
    owner = await phone.accounts.tenant();
    api = contactsAs(phone, owner);
  });

  describe('the reference’s examples, as written', () => {
    it('Quick Start: POST the contact → 201 with Location; GET /contacts lists it in the reference’s shape; DELETE → 204', async () => {
      const created = await phone
        .http()
        .post(CONTACTS)
        .set('Accept', 'application/json')
        .set('X-API-KEY', owner.apiKey)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(QUICK_START_BODY))
        .expect(201);
      const contact = created.body as ContactBody;
      expect(created.headers.location).toBe(`${CONTACTS}/${contact.id}`);
      const seedContact = {
        firstName: 'Sophia',
        lastName: 'Brooks',
        companyName: 'Company inc.',
        shared: false,
        addresses: [],
        phoneNumbers: [{ type: 'WORK', id: expect.stringMatching(/^[0-9a-f-]{36}$/), phoneNumber: '+17175501675' }],
        emails: [],
        favorite: false,
        forceSave: false,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'EXTERNAL',
        ...NO_COMPANY_FIELDS,
      };
      expect(contact).toEqual(seedContact);
      expect(contact.createdAt).toMatch(ISO_INSTANT);

      const list = await phone
        .http()
        .get(CONTACTS)
        .set('Accept', 'application/json')
        .set('X-API-KEY', owner.apiKey)
        .expect(200);
      expect(list.body).toEqual({
        data: [{ ...seedContact, id: contact.id }],
        paging: {
          pageNumber: 1,
          pageSize: 20,
          totalNumberOfRecords: 1,
          totalNumberOfPages: 1,
          hasNextPage: false,
          hasPreviousPage: false,
          sortingCriteria: null,
          hasMore: false,
        },
      });
      expect(Object.keys(list.body.paging)).toEqual([
        'pageNumber',
        'pageSize',
        'totalNumberOfRecords',
        'totalNumberOfPages',
        'hasNextPage',
        'hasPreviousPage',
        'sortingCriteria',
        'hasMore',
      ]);

      const deleted = await phone
        .http()
        .delete(`${CONTACTS}/${contact.id}`)
        .set('Accept', 'application/json')
        .set('X-API-KEY', owner.apiKey)
        .expect(204);
      expect(deleted.text).toBe('');
      await api.call('get', `/${contact.id}`).expect(404);
      const empty = await api.call('get').expect(200);
      expect(empty.body.paging).toMatchObject({ totalNumberOfRecords: 0, totalNumberOfPages: 0 });
    });

    it('GET /contacts and ?pageSize=5&sort=-updatedAt answer the reference’s example contact and paging; its DELETE answers 204', async () => {
      // The reference's contact with its very ids.
      await phone.prisma.contact.create({
        data: {
          id: '671db0b8-0576-4867-a611-662bba3ae364',
          tenantId: owner.tenantId,
          ownerId: owner.userId,
          firstName: 'Sophia',
          lastName: 'Brooks',
          companyName: 'Company inc.',
          phoneNumbers: {
            create: {
              id: 'f7d43da9-694d-444d-a04e-e7676d0fa02d',
              tenantId: owner.tenantId,
              type: 'WORK',
              phoneNumber: '+17175501675',
            },
          },
        },
      });
      const referenceContact = {
        firstName: 'Sophia',
        lastName: 'Brooks',
        companyName: 'Company inc.',
        shared: false,
        addresses: [],
        phoneNumbers: [{ type: 'WORK', id: 'f7d43da9-694d-444d-a04e-e7676d0fa02d', phoneNumber: '+17175501675' }],
        emails: [],
        favorite: false,
        forceSave: false,
        id: '671db0b8-0576-4867-a611-662bba3ae364',
        type: 'EXTERNAL',
      };

      const list = await phone
        .http()
        .get(CONTACTS)
        .set('Accept', 'application/json')
        .set('X-API-KEY', owner.apiKey)
        .expect(200);
      expect(list.body.data).toEqual([{ ...referenceContact, ...NO_COMPANY_FIELDS }]);
      expect(list.body.paging).toEqual({
        pageNumber: 1,
        pageSize: 20,
        totalNumberOfRecords: 1,
        totalNumberOfPages: 1,
        hasNextPage: false,
        hasPreviousPage: false,
        sortingCriteria: null,
        hasMore: false,
      });

      const sorted = await phone
        .http()
        .get(`${CONTACTS}?pageSize=5&sort=-updatedAt`)
        .set('Accept', 'application/json')
        .set('X-API-KEY', owner.apiKey)
        .expect(200);
      expect(sorted.body).toEqual({
        data: [{ ...referenceContact, ...NO_COMPANY_FIELDS }],
        paging: {
          pageNumber: 1,
          pageSize: 5,
          totalNumberOfRecords: 1,
          totalNumberOfPages: 1,
          hasNextPage: false,
          hasPreviousPage: false,
          sortingCriteria: '-updatedAt',
          hasMore: false,
        },
      });

      await phone
        .http()
        .delete(`${CONTACTS}/671db0b8-0576-4867-a611-662bba3ae364`)
        .set('Accept', 'application/json')
        .set('X-API-KEY', owner.apiKey)
        .expect(204);
      expect(await phone.prisma.contact.count({ where: { tenantId: owner.tenantId } })).toBe(0);
      expect(await phone.prisma.contactPhoneNumber.count({ where: { tenantId: owner.tenantId } })).toBe(0);
    });

    it('the ContactRequest example (employeeCount "100") makes a LEAD in RETAIL with its company address', async () => {
      const created = await api.call('post').send(CONTACT_REQUEST_EXAMPLE).expect(201);
      expect(created.body).toEqual({
        firstName: null,
        lastName: null,
        companyName: 'Arrow Inc.',
        shared: false,
        addresses: [],
        phoneNumbers: [],
        emails: [],
        favorite: false,
        forceSave: false,
        id: expect.any(String),
        type: 'LEAD',
        industry: 'RETAIL',
        employeeCount: 100,
        annualRevenue: null,
        addressLine1: '232 1st street',
        addressLine2: 'Suite 2210',
        city: 'Newtown',
        zip: null,
        country: 'US',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const read = await api.call('get', `/${created.body.id}`).expect(200);
      expect(read.body).toEqual(created.body);
    });
  });

  describe('fields', () => {
    it('takes employeeCount as an integer or digits, annualRevenue as a number or decimal string, and answers numbers', async () => {
      const a = await api.create({ companyName: 'A', employeeCount: 2500, annualRevenue: 1500000.5 });
      expect(a).toMatchObject({ employeeCount: 2500, annualRevenue: 1500000.5 });
      const b = await api.create({ companyName: 'B', employeeCount: ' 42 ', annualRevenue: '9999999999999.99' });
      expect(b).toMatchObject({ employeeCount: 42, annualRevenue: 9999999999999.99 });
      const c = await api.create({ companyName: 'C', employeeCount: 0, annualRevenue: '0012.10' });
      expect(c).toMatchObject({ employeeCount: 0, annualRevenue: 12.1 });
      const stored = await phone.prisma.contact.findUniqueOrThrow({ where: { id: b.id } });
      expect(stored.annualRevenue?.toFixed(2)).toBe('9999999999999.99');

      for (const [field, value] of [
        ['employeeCount', '1e3'],
        ['employeeCount', -1],
        ['employeeCount', 1.5],
        ['employeeCount', '12.5'],
        ['employeeCount', 2_147_483_648],
        ['employeeCount', true],
        ['annualRevenue', 1.234],
        ['annualRevenue', '-5'],
        ['annualRevenue', '12345678901234'],
        ['annualRevenue', '1e6'],
        ['annualRevenue', 'lots'],
      ] as const) {
        const response = await api.call('post').send({ companyName: 'X', [field]: value });
        expect([field, value, response.status, response.body.details?.[0]?.field]).toEqual([field, value, 400, field]);
      }
    });

    it('stores phone numbers in E.164, reads national numbers in the contact’s country, and names the bad ones', async () => {
      const contact = await api.create({
        firstName: 'Sophia',
        country: 'us',
        phoneNumbers: [
          { phoneNumber: '+1 717-550-1675' },
          { type: 'MOBILE', phoneNumber: '(202) 555-0143' },
          { type: 'FAX', phoneNumber: '+33 1 23 45 67 89' },
        ],
      });
      expect(contact.country).toBe('US');
      expect(contact.phoneNumbers.map(({ type, phoneNumber }) => [type, phoneNumber])).toEqual([
        ['WORK', '+17175501675'],
        ['MOBILE', '+12025550143'],
        ['FAX', '+33123456789'],
      ]);

      const noCountry = await api
        .call('post')
        .send({ firstName: 'X', phoneNumbers: [{ phoneNumber: '717 550 1675' }] })
        .expect(400);
      expect(noCountry.body.details).toEqual([
        { field: 'phoneNumbers[0].phoneNumber', message: expect.stringMatching(/country code/) },
      ]);
      const invalid = await api
        .call('post')
        .send({
          firstName: 'X',
          phoneNumbers: [{ phoneNumber: '+17175501676' }, { phoneNumber: '+1 555 0100' }, { phoneNumber: 'call me' }],
        })
        .expect(400);
      expect(invalid.body.details.map((d: { field: string }) => d.field)).toEqual([
        'phoneNumbers[1].phoneNumber',
        'phoneNumbers[2].phoneNumber',
      ]);
      expect(invalid.body.message).toMatch(
        /phoneNumbers\[1\]\.phoneNumber, phoneNumbers\[2\]\.phoneNumber are not valid/,
      );

      const twice = await api
        .call('post')
        .send({
          firstName: 'X',
          phoneNumbers: [{ phoneNumber: '+17175501676' }, { type: 'HOME', phoneNumber: '+1 (717) 550-1676' }],
        })
        .expect(400);
      expect(twice.body.details).toEqual([
        { field: 'phoneNumbers[1].phoneNumber', message: expect.stringMatching(/\+17175501676 again/) },
      ]);
    });

    it('keeps the order of every list and defaults item types', async () => {
      const contact = await api.create({
        firstName: 'Ada',
        emails: [{ email: ' Ada@Example.TEST ' }, { type: 'PERSONAL', email: 'ada@home.test' }],
        addresses: [
          { type: 'HOME', addressLine1: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701', country: 'us' },
          { city: 'Paris', country: 'FR' },
        ],
        phoneNumbers: [
          { phoneNumber: '+4930123456' },
          { phoneNumber: '+49891234567' },
          { phoneNumber: '+17175501676' },
        ],
      });
      expect(contact.emails.map(({ type, email }) => [type, email])).toEqual([
        ['WORK', 'ada@example.test'],
        ['PERSONAL', 'ada@home.test'],
      ]);
      expect(contact.addresses).toEqual([
        {
          type: 'HOME',
          id: expect.any(String),
          addressLine1: '1 Main St',
          addressLine2: null,
          city: 'Springfield',
          state: 'IL',
          zip: '62701',
          country: 'US',
        },
        {
          type: 'WORK',
          id: expect.any(String),
          addressLine1: null,
          addressLine2: null,
          city: 'Paris',
          state: null,
          zip: null,
          country: 'FR',
        },
      ]);
      expect(contact.phoneNumbers.map((p) => p.phoneNumber)).toEqual(['+4930123456', '+49891234567', '+17175501676']);
      const read = await api.call('get', `/${contact.id}`).expect(200);
      expect(read.body).toEqual(contact);
    });
  });

  describe('PUT replaces, PATCH merges', () => {
    const full = {
      firstName: 'Sophia',
      lastName: 'Brooks',
      companyName: 'Company inc.',
      favorite: true,
      type: 'CUSTOMER',
      industry: 'RETAIL',
      employeeCount: 12,
      annualRevenue: 1000,
      city: 'Newtown',
      zip: '18940',
      country: 'US',
      phoneNumbers: [{ phoneNumber: '+17175501675' }],
      emails: [{ email: 'sophia@brooks.test' }],
      addresses: [{ city: 'Newtown' }],
    };

    it('PUT without the lists empties them and clears omitted fields to their defaults', async () => {
      const contact = await api.create(full);
      const replaced = await api.call('put', `/${contact.id}`).send({ firstName: 'Sophia' }).expect(200);
      expect(replaced.body).toEqual({
        ...contact,
        lastName: null,
        companyName: null,
        favorite: false,
        type: 'EXTERNAL',
        industry: null,
        employeeCount: null,
        annualRevenue: null,
        city: null,
        zip: null,
        country: null,
        phoneNumbers: [],
        emails: [],
        addresses: [],
        updatedAt: expect.any(String),
      });
      expect(new Date(replaced.body.updatedAt).getTime()).toBeGreaterThanOrEqual(
        new Date(contact.updatedAt as string).getTime(),
      );
      expect(await phone.prisma.contactPhoneNumber.count({ where: { contactId: contact.id } })).toBe(0);
      const read = await api.call('get', `/${contact.id}`).expect(200);
      expect(read.body).toEqual(replaced.body);
    });

    it('PATCH without the lists keeps them; with a list replaces that list only; null clears a field', async () => {
      const contact = await api.create(full);
      const renamed = await api
        .call('patch', `/${contact.id}`)
        .send({ lastName: 'Stone', zip: null, employeeCount: '13' })
        .expect(200);
      expect(renamed.body).toEqual({
        ...contact,
        lastName: 'Stone',
        zip: null,
        employeeCount: 13,
        updatedAt: expect.any(String),
      });

      const renumbered = await api
        .call('patch', `/${contact.id}`)
        .send({ phoneNumbers: [{ type: 'MOBILE', phoneNumber: '+4930123456' }, { phoneNumber: '(717) 550-1676' }] })
        .expect(200);
      expect(
        renumbered.body.phoneNumbers.map((p: { type: string; phoneNumber: string }) => [p.type, p.phoneNumber]),
      ).toEqual([
        ['MOBILE', '+4930123456'],
        ['WORK', '+17175501676'],
      ]);
      expect(renumbered.body.emails).toEqual(contact.emails);
      expect(renumbered.body.addresses).toEqual(contact.addresses);
      expect(renumbered.body.lastName).toBe('Stone');

      const noEmails = await api.call('patch', `/${contact.id}`).send({ emails: [] }).expect(200);
      expect(noEmails.body.emails).toEqual([]);
      expect(noEmails.body.phoneNumbers).toEqual(renumbered.body.phoneNumbers);
    });

    it('keeps the ids of list items sent back with their id, and refuses ids that are not the contact’s', async () => {
      const contact = await api.create({
        firstName: 'Ada',
        phoneNumbers: [{ phoneNumber: '+4930123456' }, { phoneNumber: '+49891234567' }],
      });
      const [first, second] = contact.phoneNumbers;
      const reordered = await api
        .call('put', `/${contact.id}`)
        .send({
          firstName: 'Ada',
          phoneNumbers: [
            { id: second.id, type: 'HOME', phoneNumber: second.phoneNumber },
            { phoneNumber: '+17175501676' },
          ],
        })
        .expect(200);
      expect(reordered.body.phoneNumbers).toEqual([
        { id: second.id, type: 'HOME', phoneNumber: '+49891234567' },
        { id: expect.not.stringMatching(first.id), type: 'WORK', phoneNumber: '+17175501676' },
      ]);
      expect(await phone.prisma.contactPhoneNumber.findUnique({ where: { id: first.id } })).toBeNull();

      const other = await api.create({ firstName: 'Bob', emails: [{ email: 'bob@example.test' }] });
      const foreignItem = await api
        .call('patch', `/${contact.id}`)
        .send({ emails: [{ id: other.emails[0].id, email: 'x@example.test' }] })
        .expect(400);
      expect(foreignItem.body.details).toEqual([
        { field: 'emails[0].id', message: expect.stringMatching(/not the id of one of this contact’s emails/) },
      ]);
      const onCreate = await api
        .call('post')
        .send({ firstName: 'C', phoneNumbers: [{ id: second.id, phoneNumber: '+33123456789' }] })
        .expect(400);
      expect(onCreate.body.details[0].field).toBe('phoneNumbers[0].id');
    });

    it('needs a name after the change: PUT without one, or PATCH clearing the last one, is a 400', async () => {
      const contact = await api.create({ firstName: 'Ada', companyName: 'Lovelace Ltd' });
      const put = await api.call('put', `/${contact.id}`).send({ favorite: true }).expect(400);
      expect(put.body.details.map((d: { field: string }) => d.field)).toEqual(['firstName', 'lastName', 'companyName']);
      await api.call('patch', `/${contact.id}`).send({ firstName: null }).expect(200);
      const cleared = await api.call('patch', `/${contact.id}`).send({ companyName: '  ' }).expect(400);
      expect(cleared.body.message).toMatch(/firstName, lastName, companyName are not valid/);
      const read = await api.call('get', `/${contact.id}`).expect(200);
      expect(read.body).toMatchObject({ firstName: null, companyName: 'Lovelace Ltd' });
    });
  });

  describe('validation', () => {
    it('refuses unknown fields, wrong types, bad enums, nulls, too-long and multi-line text with 400 naming each field', async () => {
      const cases: [object, string[]][] = [
        [{ firstName: 'A', nickname: 'Al' }, ['nickname']],
        [{ firstName: 'A', id: '671db0b8-0576-4867-a611-662bba3ae364' }, ['id']],
        [{ firstName: 42 }, ['firstName']],
        [{ firstName: 'A', shared: 'yes' }, ['shared']],
        [{ firstName: 'A', favorite: null }, ['favorite']],
        [{ firstName: 'A', type: 'FRIEND' }, ['type']],
        [{ firstName: 'A', type: 'lead' }, ['type']],
        [{ firstName: 'A', industry: 'MINING' }, ['industry']],
        [{ firstName: 'x'.repeat(101) }, ['firstName']],
        [{ firstName: 'A', companyName: 'x'.repeat(201) }, ['companyName']],
        [{ firstName: 'A\nB' }, ['firstName']],
        [{ firstName: 'A\u0000' }, ['firstName']],
        [{ firstName: 'A', country: 'USA' }, ['country']],
        [{ firstName: 'A', country: 'UK' }, ['country']],
        [{ firstName: 'A', phoneNumbers: null }, ['phoneNumbers']],
        [{ firstName: 'A', phoneNumbers: { phoneNumber: '+17175501675' } }, ['phoneNumbers']],
        [{ firstName: 'A', phoneNumbers: [{ type: 'PAGER', phoneNumber: '+17175501675' }] }, ['phoneNumbers[0].type']],
        [{ firstName: 'A', phoneNumbers: [{ type: 'WORK' }] }, ['phoneNumbers[0].phoneNumber']],
        [
          { firstName: 'A', phoneNumbers: [{ phoneNumber: '+17175501675', extension: '12' }] },
          ['phoneNumbers[0].extension'],
        ],
        [{ firstName: 'A', phoneNumbers: [{ phoneNumber: '+1'.padEnd(41, '7') }] }, ['phoneNumbers[0].phoneNumber']],
        [{ firstName: 'A', emails: [{ email: 'not an email' }] }, ['emails[0].email']],
        [{ firstName: 'A', emails: [{ email: 'a@b.test' }, { email: 'A@B.test' }] }, ['emails[1].email']],
        [{ firstName: 'A', addresses: [{ type: 'WORK' }] }, ['addresses[0]']],
        [{ firstName: 'A', addresses: [{ city: 'x', country: 'ZZ' }] }, ['addresses[0].country']],
        [{ firstName: 'A', addresses: [{ city: 'x'.repeat(101) }] }, ['addresses[0].city']],
        [{}, ['firstName', 'lastName', 'companyName']],
        [{ firstName: ' ', lastName: null }, ['firstName', 'lastName', 'companyName']],
      ];
      for (const [body, fields] of cases) {
        const response = await api.call('post').send(body);
        const named = [...new Set((response.body.details ?? []).map((d: { field: string }) => d.field))];
        expect([body, response.status, response.body.error, named]).toEqual([body, 400, 'BAD_REQUEST', fields]);
        expect(response.body.requestId).toEqual(expect.any(String));
      }
      expect(await phone.prisma.contact.count({ where: { tenantId: owner.tenantId } })).toBe(0);
    });

    it('limits list sizes (50 phone numbers, 50 emails, 20 addresses)', async () => {
      const numbers = Array.from({ length: 51 }, (_, i) => ({ phoneNumber: `+1717550${String(1000 + i)}` }));
      const tooMany = await api.call('post').send({ firstName: 'A', phoneNumbers: numbers }).expect(400);
      expect(tooMany.body.details[0]).toEqual({ field: 'phoneNumbers', message: expect.stringMatching(/50/) });
      const fifty = await api.create({ firstName: 'A', phoneNumbers: numbers.slice(0, 50) });
      expect(fifty.phoneNumbers).toHaveLength(50);
      const addresses = Array.from({ length: 21 }, () => ({ city: 'x' }));
      await api.call('post').send({ firstName: 'A', addresses }).expect(400);
    });

    it('refuses a malformed id with 400 and a body that is not JSON with 400', async () => {
      const bad = await api.call('get', '/not-a-uuid').expect(400);
      expect(bad.body.details).toEqual([{ field: 'id', message: 'must be a UUID' }]);
      await api.call('patch', '/not-a-uuid').send({ firstName: 'A' }).expect(400);
      const malformed = await api
        .call('post')
        .set('Content-Type', 'application/json')
        .send('{"firstName":')
        .expect(400);
      expect(malformed.body.error).toBe('BAD_REQUEST');
      const array = await api
        .call('post')
        .send([{ firstName: 'A' }])
        .expect(400);
      expect(array.body.error).toBe('BAD_REQUEST');
      const noBody = await api.call('post').expect(400);
      expect(noBody.body.error).toBe('BAD_REQUEST');
      const contact = await api.create({ firstName: 'A' });
      await api.call('put', `/${contact.id}`).expect(400);
    });

    it('answers 404 for a missing contact on every route', async () => {
      const missing = crypto.randomUUID();
      for (const [method, body] of [
        ['get'],
        ['put', { firstName: 'A' }],
        ['patch', { firstName: 'A' }],
        ['delete'],
      ] as const) {
        const response = await api.call(method, `/${missing}`).send(body);
        expect([method, response.status, response.body.message]).toEqual([method, 404, 'Contact not found.']);
      }
    });
  });

  it('documents every route and every field in the OpenAPI reference', async () => {
    const { body: document } = await phone.http().get('/v1/phone-system/docs/openapi.json').expect(200);
    const collection = document.paths['/v1/phone-system/contacts'];
    const item = document.paths['/v1/phone-system/contacts/{id}'];
    expect(Object.keys(collection).sort()).toEqual(['get', 'post']);
    expect(Object.keys(item).sort()).toEqual(['delete', 'get', 'patch', 'put']);
    for (const operation of [...Object.values(collection), ...Object.values(item)] as { tags: string[] }[]) {
      expect(operation.tags).toEqual(['contacts']);
    }
    const parameters = collection.get.parameters.map((p: { name: string }) => p.name);
    expect(parameters).toEqual(
      expect.arrayContaining(['filter', 'sort', 'pageSize', 'fullName', 'phoneNumbers.phoneNumber', 'annualRevenue']),
    );
    for (const name of [
      'ContactRequest',
      'ContactPhoneNumberRequest',
      'ContactEmailRequest',
      'ContactAddressRequest',
      'ContactResponse',
    ]) {
      const schema = document.components.schemas[name];
      for (const [field, property] of Object.entries(schema.properties as Record<string, { description?: string }>)) {
        expect([name, field, typeof property.description]).toEqual([name, field, 'string']);
      }
    }
    expect(Object.keys(document.components.schemas.ContactRequest.properties)).toEqual(
      expect.arrayContaining([
        'industry',
        'type',
        'employeeCount',
        'annualRevenue',
        'addressLine1',
        'addressLine2',
        'city',
        'zip',
        'country',
        'forceSave',
      ]),
    );
  });

  describe('paging and sorting', () => {
    it('pages in a stable order and sorts by -updatedAt', async () => {
      const made: ContactBody[] = [];
      for (let i = 0; i < 7; i++) made.push(await api.create({ firstName: `P${i}`, lastName: 'Same' }));
      // Distinct, known updatedAt: P0 oldest … P6 newest.
      for (const [i, contact] of made.entries()) {
        await phone.prisma.contact.update({
          where: { id: contact.id },
          data: { updatedAt: new Date(Date.UTC(2024, 0, 1 + i)) },
        });
      }
      const page1 = await api.call('get', '?pageSize=5&sort=-updatedAt').expect(200);
      expect(page1.body.data.map((c: ContactBody) => c.firstName)).toEqual(['P6', 'P5', 'P4', 'P3', 'P2']);
      expect(page1.body.paging).toEqual({
        pageNumber: 1,
        pageSize: 5,
        totalNumberOfRecords: 7,
        totalNumberOfPages: 2,
        hasNextPage: true,
        hasPreviousPage: false,
        sortingCriteria: '-updatedAt',
        hasMore: true,
      });
      const page2 = await api.call('get', '?pageSize=5&pageNumber=2&sort=-updatedAt').expect(200);
      expect(page2.body.data.map((c: ContactBody) => c.firstName)).toEqual(['P1', 'P0']);
      expect(page2.body.paging).toMatchObject({ hasNextPage: false, hasPreviousPage: true, hasMore: false });
      const past = await api.call('get', '?pageSize=5&pageNumber=3').expect(200);
      expect(past.body.data).toEqual([]);

      // Equal sort keys: ties broken by id, so pages neither repeat nor skip.
      const byLastName = [...(await api.call('get', '?pageSize=3&sort=lastName').expect(200)).body.data];
      byLastName.push(...(await api.call('get', '?pageSize=3&pageNumber=2&sort=lastName').expect(200)).body.data);
      byLastName.push(...(await api.call('get', '?pageSize=3&pageNumber=3&sort=lastName').expect(200)).body.data);
      expect(byLastName.map((c: ContactBody) => c.id)).toEqual(made.map((c) => c.id).sort());
      await api.call('get', '?pageSize=101').expect(400);
      await api.call('get', '?sort=-phoneNumbers.phoneNumber').expect(400);
    });
  });
});
