import type { SeededUser } from '@diallink/testing';
import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';
import { contactsAs } from './testing/contacts-api';

/**
 * A small address book in which every operator of the reference has a discriminating answer,
 * NULLs included (Acme has no names, country, industry, counts, zip or numbers).
 */
const BOOK = {
  A: {
    firstName: 'Sophia',
    lastName: 'Brooks',
    companyName: 'Brooks Enterprise',
    country: 'US',
    industry: 'RETAIL',
    employeeCount: 1500,
    annualRevenue: 750000,
    zip: '10001',
    city: 'New York',
    type: 'EXTERNAL',
    favorite: true,
    shared: true,
    phoneNumbers: [{ type: 'WORK', phoneNumber: '+17175501675' }],
    emails: [{ email: 'sophia@brooks.test' }],
    addresses: [{ type: 'HOME', city: 'Newtown', state: 'PA', country: 'US' }],
  },
  B: {
    firstName: 'Liam',
    lastName: 'Stone',
    companyName: 'Stone Corp',
    country: 'GE',
    industry: 'GOVERNMENT',
    employeeCount: 12,
    annualRevenue: '200000',
    zip: null,
    city: 'Tbilisi',
    type: 'LEAD',
    shared: false,
    phoneNumbers: [{ type: 'MOBILE', phoneNumber: '+995322123456' }],
    emails: [{ type: 'PERSONAL', email: 'liam@stone.test' }],
  },
  C: {
    firstName: 'Olivia',
    lastName: 'Lane',
    companyName: 'Lane Enterprise Corp',
    country: 'FR',
    industry: 'HEALTHCARE',
    employeeCount: 15,
    annualRevenue: 500000,
    zip: '75001',
    city: 'Paris',
    type: 'CUSTOMER',
    shared: true,
    phoneNumbers: [{ phoneNumber: '+33123456789' }],
  },
  D: {
    firstName: 'Noah',
    lastName: 'Fischer',
    companyName: 'Fischer GmbH',
    country: 'DE',
    industry: 'FINANCIAL',
    employeeCount: 50,
    annualRevenue: '100000.50',
    zip: '10115',
    city: 'Berlin',
    shared: false,
    phoneNumbers: [{ type: 'HOME', phoneNumber: '030 123456' }],
  },
  E: { companyName: 'Acme', shared: true },
  F: {
    firstName: 'Sophia',
    lastName: 'Miller',
    country: 'US',
    industry: 'TECHNOLOGY',
    employeeCount: 2000,
    annualRevenue: 150000,
    zip: '20001',
    city: 'Washington',
    type: 'PARTNER',
    favorite: true,
    shared: true,
    phoneNumbers: [{ type: 'MOBILE', phoneNumber: '(202) 555-0143' }],
    emails: [{ email: 'sophia@miller.test' }],
  },
  G: {
    firstName: 'Emma',
    lastName: 'Wolf',
    companyName: 'Wolf Logistics',
    country: 'DE',
    industry: 'TRANSPORTATION',
    employeeCount: 5000,
    annualRevenue: 400000,
    zip: '80331',
    city: 'Munich',
    type: 'VENDOR',
    shared: true,
    phoneNumbers: [{ phoneNumber: '+49891234567' }],
  },
} as const;
type Key = keyof typeof BOOK;
const KEYS = Object.keys(BOOK) as Key[];

describe('GET /v1/phone-system/contacts: every filter of the reference on real data', () => {
  let phone: PhoneSystemFixture;
  let owner: SeededUser;
  let api: ReturnType<typeof contactsAs>;
  const idOf = {} as Record<Key, string>;
  const keyOf = new Map<string, Key>();

  /** The contacts a query returns, as keys, sorted (unless the query sorts). */
  async function matching(query: string): Promise<string[]> {
    const ids = await api.ids(`pageSize=100&${query}`);
    const keys = ids.map((id) => keyOf.get(id) ?? `unknown ${id}`);
    return query.includes('sort=') ? keys : keys.sort();
  }

  beforeAll(async () => {
    phone = await startPhoneSystem();
    owner = await phone.accounts.tenant();
    api = contactsAs(phone, owner);
    for (const [index, key] of KEYS.entries()) {
      const contact = await api.create(BOOK[key]);
      idOf[key] = contact.id;
      keyOf.set(contact.id, key);
      // Known timestamps: A made 2024-01-15 12:00Z, B 2024-02-15, … G 2024-07-15; each changed a day later.
      const createdAt = new Date(Date.UTC(2024, index, 15, 12));
      await phone.prisma.contact.update({
        where: { id: contact.id },
        data: { createdAt, updatedAt: new Date(createdAt.getTime() + 86_400_000) },
      });
    }
  });
  afterAll(() => phone.close());

  it('basic filtering: exact match, enums case-insensitive', async () => {
    expect(await matching('firstName=Sophia')).toEqual(['A', 'F']);
    expect(await matching('type=external')).toEqual(['A', 'D', 'E']);
    expect(await matching('type=LEAD')).toEqual(['B']);
    expect(await matching('industry=Retail')).toEqual(['A']);
    expect(await matching('country=US')).toEqual(['A', 'F']);
    expect(await matching('city=Berlin')).toEqual(['D']);
    expect(await matching('zip=10001')).toEqual(['A']);
    expect(await matching('companyName=Acme')).toEqual(['E']);
    expect(await matching('lastName=Lane')).toEqual(['C']);
    expect(await matching('favorite=true')).toEqual(['A', 'F']);
    expect(await matching('shared=false')).toEqual(['B', 'D']);
    expect(await matching('employeeCount=15')).toEqual(['C']);
    expect(await matching('annualRevenue=100000.5')).toEqual(['D']);
    expect(await matching(`id=${idOf.G}`)).toEqual(['G']);
    expect(await matching('emails.email=liam@stone.test')).toEqual(['B']);
    expect(await matching('phoneNumbers.type=mobile')).toEqual(['B', 'F']);
    expect(await matching('phoneNumbers.phoneNumber=%2B4930123456')).toEqual(['D']);
    // As typed in a URL: the raw + arrives as a space and is read back as a +.
    expect(await matching('phoneNumbers.phoneNumber=+4930123456')).toEqual(['D']);
    expect(await matching('addresses.state=PA')).toEqual(['A']);
    // Several parameters, and the same one twice, combine with AND.
    expect(await matching('firstName=Sophia&favorite=true&country=US')).toEqual(['A', 'F']);
    expect(await matching('employeeCount=gte::15&employeeCount=lte::50')).toEqual(['C', 'D']);
  });

  it('match type: ?fullName=like::So and ?fullName=like::L as the reference shows, and other operators', async () => {
    expect(await matching('fullName=like::So')).toEqual(['A', 'F']);
    expect(await matching('fullName=like::L')).toEqual(['B', 'C', 'F', 'G']);
    expect(await matching('fullName=eq::sophia brooks')).toEqual(['A']);
    expect(await matching('fullName=isnull')).toEqual(['E']);
    expect(await matching('fullName=notlike::o')).toEqual(['E']);
    expect(await matching('employeeCount=btn::15,50')).toEqual(['C', 'D']);
    expect(await matching('country=in::US,GE,FR')).toEqual(['A', 'B', 'C', 'F']);
    expect(await matching('companyName=like::enterprise')).toEqual(['A', 'C']);
    expect(await matching('emails.email=like::sophia')).toEqual(['A', 'F']);
    expect(await matching('phoneNumbers.phoneNumber=like::1675')).toEqual(['A']);
    expect(await matching('phoneNumbers.phoneNumber=isnull::')).toEqual(['E']);
    expect(await matching('zip=isnull')).toEqual(['B', 'E']);
    // A column that is never NULL: isnull matches nothing, isnotnull everything, beside other conditions too.
    expect(await matching('favorite=isnull')).toEqual([]);
    expect(await matching('filter=AND(isnull(favorite),like(fullName,o))')).toEqual([]);
    expect(await matching('filter=OR(isnotnull(type),eq(firstName,nobody))')).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
    ]);
  });

  it('advanced filtering: the reference’s two examples', async () => {
    expect(await matching('filter=AND(eq(firstName,Sophia),like(phoneNumbers.phoneNumber,1675))')).toEqual(['A']);
    expect(await matching('filter=OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))')).toEqual([
      'A',
      'F',
    ]);
    expect(
      await matching(
        `filter=${encodeURIComponent('OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))')}`,
      ),
    ).toEqual(['A', 'F']);
  });

  it.each([
    ['isnull(zip)', ['B', 'E']],
    ['isnotnull(country)', ['A', 'B', 'C', 'D', 'F', 'G']],
    ['eq(country,US)', ['A', 'F']],
    ['neq(industry,GOVERNMENT)', ['A', 'C', 'D', 'E', 'F', 'G']],
    ['gt(employeeCount,1000)', ['A', 'F', 'G']],
    ['gte(annualRevenue,500000)', ['A', 'C']],
    ['lt(employeeCount,15)', ['B']],
    ['lte(annualRevenue,200000)', ['B', 'D', 'F']],
    ['in(country,US,GE,FR)', ['A', 'B', 'C', 'F']],
    ['nin(industry,HEALTHCARE,FINANCIAL)', ['A', 'B', 'E', 'F', 'G']],
    ['btn(employeeCount,15,50)', ['C', 'D']],
    ['like(companyName,Enterprise)', ['A', 'C']],
    ['notlike(companyName,Corp)', ['A', 'D', 'E', 'F', 'G']],
  ])('the reference’s operator table: filter=%s', async (expression, expected) => {
    expect(await matching(`filter=${expression}`)).toEqual(expected);
    // The same condition in the match-type form.
    const [, operator, field, values] = /^(\w+)\((\w+)(?:,(.*))?\)$/.exec(expression) ?? [];
    expect(await matching(`${field}=${operator}::${values ?? ''}`)).toEqual(expected);
  });

  it('negations and isnull across lists: contacts without any match, or without items', async () => {
    expect(await matching('filter=notlike(phoneNumbers.phoneNumber,1675)')).toEqual(['B', 'C', 'D', 'E', 'F', 'G']);
    expect(await matching('filter=neq(phoneNumbers.type,MOBILE)')).toEqual(['A', 'C', 'D', 'E', 'G']);
    expect(await matching('filter=isnull(emails.email)')).toEqual(['C', 'D', 'E', 'G']);
    expect(await matching('filter=isnotnull(emails.email)')).toEqual(['A', 'B', 'F']);
    expect(await matching('filter=AND(isnull(industry),isnull(employeeCount),isnull(annualRevenue))')).toEqual(['E']);
    expect(await matching('filter=or(Eq(type,vendor),AND(eq(favorite,true),neq(lastName,Brooks)))')).toEqual([
      'F',
      'G',
    ]);
  });

  it('date ranges on createdAt and updatedAt', async () => {
    expect(await matching('createdAt=btn::2024-02-01,2024-03-31')).toEqual(['B', 'C']);
    expect(await matching('filter=lt(createdAt,2024-02-15)')).toEqual(['A']);
    expect(await matching('createdAt=eq::2024-04-15')).toEqual(['D']);
    expect(await matching('updatedAt=gte::2024-06-16T12:00:00Z')).toEqual(['F', 'G']);
    expect(await matching('updatedAt=gt::2024-06-16')).toEqual(['G']);
  });

  it('sorts by the declared fields, NULLs last, ties by id', async () => {
    expect(await matching('sort=-updatedAt')).toEqual(['G', 'F', 'E', 'D', 'C', 'B', 'A']);
    expect(await matching('sort=createdAt')).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    expect(await matching('sort=employeeCount')).toEqual(['B', 'C', 'D', 'A', 'F', 'G', 'E']);
    expect(await matching('sort=-annualRevenue')).toEqual(['A', 'C', 'G', 'B', 'F', 'D', 'E']);
    expect(await matching('sort=country,lastName')).toEqual(['D', 'G', 'C', 'B', 'A', 'F', 'E']);
    expect(await matching('sort=-favorite,firstName,lastName')).toEqual(['A', 'F', 'G', 'B', 'D', 'C', 'E']);
    expect(await matching('sort=companyName&filter=isnotnull(companyName)')).toEqual(['E', 'A', 'D', 'C', 'B', 'G']);
    const sorted = await api.call('get', '?sort=-country').expect(200);
    expect(sorted.body.paging.sortingCriteria).toBe('-country');
  });

  it('counts only what matches', async () => {
    const page = await api.call('get', '?pageSize=1&filter=in(country,US,GE,FR)').expect(200);
    expect(page.body.paging).toMatchObject({
      pageSize: 1,
      totalNumberOfRecords: 4,
      totalNumberOfPages: 4,
      hasNextPage: true,
      hasMore: true,
    });
  });

  it.each([
    ['filter=AND(eq(firstName,Sophia)', 'filter'],
    ['filter=eq(ownerId,x)', 'filter'],
    ['filter=gt(companyName,A)', 'filter'],
    ['filter=btn(employeeCount,50,15)', 'filter'],
    ['employeeCount=gt::many', 'employeeCount'],
    ['annualRevenue=gte::1e6', 'annualRevenue'],
    ['type=friend', 'type'],
    ['favorite=yes', 'favorite'],
    ['createdAt=gte::yesterday', 'createdAt'],
    ['fullName=gt::A', 'fullName'],
    ['nickname=Al', 'nickname'],
    ['sort=-phoneNumbers.phoneNumber', 'sort'],
    ['sort=shared', 'sort'],
    ['pageNumber=0', 'pageNumber'],
  ])('refuses the malformed ?%s with the 400 error body', async (query, parameter) => {
    const response = await api.call('get', `?${query}`).set('X-Request-Id', 'bad-filter');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      status: 400,
      error: 'BAD_REQUEST',
      message: expect.stringContaining(parameter),
      details: [expect.objectContaining({ field: parameter, message: expect.any(String) })],
      requestId: 'bad-filter',
    });
  });
});
