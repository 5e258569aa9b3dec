import { plusDecodedAsSpace } from './filter/field-values';
import { defineListQuery } from './definition/list-query.definition';
import { CONTACT_QUERY, badRequest, contains } from './list-query.fixtures';
import { parseListQuery } from './list-query.parser';

const where = (query: Record<string, unknown>) => parseListQuery(CONTACT_QUERY, query).where;
const refusal = (query: Record<string, unknown>) => badRequest(() => parseListQuery(CONTACT_QUERY, query)).details[0];

describe('parseListQuery: the three forms together', () => {
  it('combines basic, match-type and advanced filters with AND, in the order given', () => {
    expect(where({ country: 'US', fullName: 'like::So', filter: 'gt(employeeCount,5)' })).toEqual({
      AND: [
        { country: 'US' },
        { OR: [contains('firstName', 'So'), contains('lastName', 'So')] },
        { employeeCount: { gt: 5 } },
      ],
    });
  });

  it('is {} without any filter', () => {
    expect(where({})).toEqual({});
    expect(parseListQuery(CONTACT_QUERY, undefined).where).toEqual({});
  });

  it('treats a repeated field parameter as AND, so that a range can be given in two parts', () => {
    expect(where({ country: ['US', 'FR'] })).toEqual({ AND: [{ country: 'US' }, { country: 'FR' }] });
    expect(where({ updatedAt: ['gte::2024-01-01T00:00:00Z', 'lt::2024-02-01T00:00:00Z'] })).toEqual({
      AND: [
        { updatedAt: { gte: new Date('2024-01-01T00:00:00Z') } },
        { updatedAt: { lt: new Date('2024-02-01T00:00:00Z') } },
      ],
    });
  });

  it('treats a repeated filter as AND', () => {
    expect(where({ filter: ['eq(country,US)', 'eq(zip,1000)'] })).toEqual({
      AND: [{ country: 'US' }, { zip: '1000' }],
    });
  });

  it.each(['sort', 'pageNumber', 'pageSize', 'count'])('refuses a repeated %s', (parameter) => {
    expect(refusal({ [parameter]: ['1', '2'] })).toEqual({ field: parameter, message: 'is given more than once.' });
  });

  it('refuses an unknown parameter and lists what the list takes', () => {
    expect(refusal({ colour: 'red' })).toEqual({
      field: 'colour',
      message: expect.stringMatching(
        /^is not a parameter of this list; it takes pageNumber, pageSize, sort, filter, count, firstName, .*owner\.email\.$/,
      ),
    });
  });

  it('never finds Object.prototype members as fields', () => {
    expect(refusal({ constructor: 'x' }).field).toBe('constructor');
    expect(refusal(JSON.parse('{"__proto__":"x"}') as Record<string, unknown>).field).toBe('__proto__');
    expect(refusal({ filter: 'eq(toString,x)' })).toMatchObject({ field: 'filter', position: 3 });
  });

  it('leaves the endpoint’s own parameters alone', () => {
    const definition = defineListQuery({ fields: { name: { type: 'string' } }, otherParameters: ['include'] });
    expect(parseListQuery(definition, { include: 'roles', name: 'x' }).where).toEqual({ name: 'x' });
  });

  it('refuses values that are not text (a parser giving objects or numbers)', () => {
    expect(refusal({ country: { nested: 'x' } })).toEqual({ field: 'country', message: 'must be a plain text value.' });
    expect(refusal({ pageSize: 5 })).toEqual({ field: 'pageSize', message: 'must be a plain text value.' });
  });

  it('refuses a field parameter longer than 4 000 characters', () => {
    expect(refusal({ companyName: `like::${'x'.repeat(4_000)}` })).toEqual({
      field: 'companyName',
      message: 'is longer than 4000 characters.',
    });
  });

  it('refuses a field that is declared but not filterable, in every form', () => {
    expect(refusal({ price: '10' })).toEqual({
      field: 'price',
      message: expect.stringMatching(/^cannot filter by "price"; filterable fields: firstName, /),
    });
    expect(refusal({ filter: 'AND(eq(country,US),gt(price,10))' })).toMatchObject({ field: 'filter', position: 22 });
  });

  it('refuses an unknown field in a filter at its position, listing the filterable fields', () => {
    expect(refusal({ filter: 'eq(nope,1)' })).toEqual({
      field: 'filter',
      position: 3,
      message:
        'cannot filter by "nope"; filterable fields: firstName, lastName, fullName, companyName, country, zip, employeeCount, ' +
        'storageBytes, annualRevenue, rating, industry, favorite, updatedAt, id, phoneNumbers.phoneNumber, owner.email.',
    });
  });
});

describe('parseListQuery: match-type syntax', () => {
  it('accepts isnull/isnotnull with or without ::, in any case', () => {
    const blank = { OR: [{ zip: null }, { zip: '' }] };
    expect(where({ zip: 'isnull::' })).toEqual(blank);
    expect(where({ zip: 'isnull' })).toEqual(blank);
    expect(where({ zip: 'ISNULL' })).toEqual(blank);
    expect(where({ zip: 'IsNotNull::' })).toEqual({ NOT: [{ zip: null }, { zip: '' }] });
  });

  it('refuses a value after isnull::', () => {
    expect(refusal({ zip: 'isnull::1000' })).toEqual({
      field: 'zip',
      position: 0,
      message: 'isnull takes no value, got 1.',
    });
  });

  it('takes the basic value literally: commas, quotes and parentheses are part of it', () => {
    expect(where({ companyName: 'Smith, "Jones" (UK)' })).toEqual({ companyName: 'Smith, "Jones" (UK)' });
  });

  it('splits the operator at the first :: so that eq::a::b matches "a::b"', () => {
    expect(where({ companyName: 'eq::a::b' })).toEqual({ companyName: 'a::b' });
    expect(refusal({ companyName: 'a::b' })).toEqual({
      field: 'companyName',
      position: 0,
      message: "unknown operator \"a\" before '::'; write eq::value to match a value that contains '::'.",
    });
  });

  it('takes operator names in any case', () => {
    expect(where({ employeeCount: 'GT::5' })).toEqual({ employeeCount: { gt: 5 } });
  });

  it('reads lists with quotes and refuses a second value for a one-value operator', () => {
    expect(where({ companyName: 'in::"Smith, Jones",Acme' })).toEqual({
      companyName: { in: ['Smith, Jones', 'Acme'] },
    });
    expect(where({ companyName: 'like::"a,b"' })).toEqual(contains('companyName', 'a,b'));
    expect(refusal({ companyName: 'like::a,b' })).toEqual({
      field: 'companyName',
      position: 0,
      message: 'like takes exactly one value, got 2.',
    });
  });

  it('refuses an empty value and explains how to ask for the empty string', () => {
    expect(refusal({ country: '' })).toEqual({
      field: 'country',
      message: 'is empty: give a value, isnull:: or eq::"" for the empty string.',
    });
    expect(refusal({ country: 'eq::' })).toEqual({
      field: 'country',
      position: 4,
      message: 'expected a value, found the end of the expression.',
    });
    expect(where({ country: 'eq::""' })).toEqual({ country: '' });
  });

  it('reports a bad value at its position inside the parameter', () => {
    expect(refusal({ employeeCount: 'btn::1,abc' })).toEqual({
      field: 'employeeCount',
      position: 7,
      message: 'employeeCount: "abc" is not an integer.',
    });
  });
});

describe('parseListQuery: operators by type', () => {
  it.each([
    [
      'like(employeeCount,5)',
      0,
      'like cannot be used on employeeCount (integer); it takes isnull, isnotnull, eq, neq, in, nin, gt, gte, lt, lte, btn.',
    ],
    [
      'gt(country,US)',
      0,
      'gt cannot be used on country (string); it takes isnull, isnotnull, eq, neq, in, nin, like, notlike.',
    ],
    ['btn(industry,A,B)', 0, 'btn cannot be used on industry (enum); it takes isnull, isnotnull, eq, neq, in, nin.'],
    [
      'lt(id,00000000-0000-0000-0000-000000000000)',
      0,
      'lt cannot be used on id (uuid); it takes isnull, isnotnull, eq, neq, in, nin.',
    ],
    ['in(favorite,true)', 0, 'in cannot be used on favorite (boolean); it takes isnull, isnotnull, eq, neq.'],
    [
      'gt(fullName,A)',
      0,
      'gt cannot be used on fullName (string); it takes isnull, isnotnull, eq, neq, in, nin, like, notlike.',
    ],
  ])('refuses %s naming field and operator', (filter, position, message) => {
    expect(refusal({ filter })).toEqual({ field: 'filter', position, message });
  });
});

describe('parseListQuery: values by type', () => {
  it('normalises enum values to the declared spelling and lists them when unknown', () => {
    expect(where({ industry: 'in::retail,Government' })).toEqual({ industry: { in: ['RETAIL', 'GOVERNMENT'] } });
    expect(refusal({ industry: 'MINING' }).message).toBe(
      'industry: "MINING" is not one of RETAIL, GOVERNMENT, HEALTHCARE, FINANCIAL.',
    );
  });

  it('takes booleans as true or false only', () => {
    expect(where({ favorite: 'true' })).toEqual({ favorite: true });
    expect(where({ favorite: 'neq::false' })).toEqual({ favorite: { not: false } });
    for (const value of ['TRUE', '1', 'yes'])
      expect(refusal({ favorite: value }).message).toBe(`favorite: "${value}" is not a boolean: use true or false.`);
  });

  it('takes integers within PostgreSQL’s int range', () => {
    expect(where({ employeeCount: '-5' })).toEqual({ employeeCount: -5 });
    expect(where({ employeeCount: 'gt:: 7' })).toEqual({ employeeCount: { gt: 7 } });
    expect(where({ employeeCount: '2147483647' })).toEqual({ employeeCount: 2147483647 });
    expect(refusal({ filter: 'gt(employeeCount,abc)' })).toEqual({
      field: 'filter',
      position: 17,
      message: 'employeeCount: "abc" is not an integer.',
    });
    expect(refusal({ employeeCount: '1.5' }).message).toBe('employeeCount: "1.5" is not an integer.');
    expect(refusal({ employeeCount: '2147483648' }).message).toBe(
      'employeeCount: "2147483648" is out of range (-2147483648 to 2147483647).',
    );
  });

  it('takes 64-bit integers exactly, as bigint, within PostgreSQL’s bigint range', () => {
    // 2^53 + 1 has no float of its own: read through Number it would become 9007199254740992.
    expect(where({ storageBytes: '9007199254740993' })).toEqual({ storageBytes: 9007199254740993n });
    expect(where({ storageBytes: 'gt::+2147483648' })).toEqual({ storageBytes: { gt: 2147483648n } });
    expect(where({ storageBytes: 'in::-0,007' })).toEqual({ storageBytes: { in: [0n, 7n] } });
    expect(where({ filter: 'btn(storageBytes,-9223372036854775808,9223372036854775807)' })).toEqual({
      storageBytes: { gte: -9223372036854775808n, lte: 9223372036854775807n },
    });
    expect(where({ storageBytes: 'nin::1' })).toEqual({
      OR: [{ storageBytes: { notIn: [1n] } }, { storageBytes: null }],
    });
    const range = '(-9223372036854775808 to 9223372036854775807)';
    expect(refusal({ storageBytes: '9223372036854775808' })).toEqual({
      field: 'storageBytes',
      message: `storageBytes: "9223372036854775808" is out of range ${range}.`,
    });
    expect(refusal({ filter: 'lt(storageBytes,-9223372036854775809)' })).toEqual({
      field: 'filter',
      position: 16,
      message: `storageBytes: "-9223372036854775809" is out of range ${range}.`,
    });
    for (const value of ['1.0', '1e3', '0x10', 'abc', '', '1_000'])
      expect(refusal({ storageBytes: `eq::"${value}"` }).message).toBe(
        `storageBytes: ${JSON.stringify(value)} is not an integer.`,
      );
    expect(refusal({ storageBytes: 'like::1' }).message).toMatch(/^like cannot be used on storageBytes \(bigint\)/);
  });

  it('takes finite numbers', () => {
    expect(where({ rating: 'gte::4.5' })).toEqual({ rating: { gte: 4.5 } });
    expect(where({ rating: '1e3' })).toEqual({ rating: 1000 });
    for (const value of ['NaN', 'Infinity', '1e999', '0x10', '']) {
      expect(refusal({ rating: `eq::"${value}"` }).message).toBe(
        `rating: ${JSON.stringify(value)} is not a finite number.`,
      );
    }
  });

  it('keeps decimals exact, as canonical strings', () => {
    expect(where({ annualRevenue: '+0012.50' })).toEqual({ annualRevenue: '12.50' });
    expect(where({ annualRevenue: 'gt::-.5' })).toEqual({ annualRevenue: { gt: '-0.5' } });
    expect(where({ annualRevenue: '-0' })).toEqual({ annualRevenue: '0' });
    expect(where({ annualRevenue: 'btn::0.1,12345678901234567890.123456789' })).toEqual({
      annualRevenue: { gte: '0.1', lte: '12345678901234567890.123456789' },
    });
    for (const value of ['1e5', '.', '1,5', 'abc'])
      expect(refusal({ annualRevenue: `eq::"${value}"` }).message).toMatch(/is not a decimal number\.$/);
  });

  it('takes UUIDs in any case and passes them on in lower case', () => {
    expect(where({ id: 'ABCDEF00-0000-4000-8000-00000000000A' })).toEqual({
      id: 'abcdef00-0000-4000-8000-00000000000a',
    });
    expect(refusal({ id: 'abc' }).message).toBe('id: "abc" is not a UUID.');
  });

  it('refuses a NUL character in text, which PostgreSQL cannot compare', () => {
    expect(refusal({ companyName: 'a\u0000b' }).message).toBe('companyName: a value must not contain a NUL character.');
  });

  it('matches % _ and \\ in like values literally', () => {
    expect(where({ companyName: 'like::50%_off\\' })).toEqual(contains('companyName', '50\\%\\_off\\\\'));
  });

  it('refuses btn with the high value first', () => {
    expect(refusal({ filter: 'btn(employeeCount,50,15)' })).toEqual({
      field: 'filter',
      position: 18,
      message: 'employeeCount: btn needs the low value first, got "50" > "15".',
    });
    expect(refusal({ annualRevenue: 'btn::10.5,9.99' }).message).toBe(
      'annualRevenue: btn needs the low value first, got "10.5" > "9.99".',
    );
    expect(refusal({ updatedAt: 'btn::2024-02-01,2024-01-31' }).position).toBe(5);
    expect(where({ employeeCount: 'btn::15,15' })).toEqual({ employeeCount: { gte: 15, lte: 15 } });
  });

  it('orders bigint btn bounds exactly, beyond what a float can tell apart', () => {
    // As floats both bounds are 9007199254740992: only an exact comparison sees low > high.
    expect(refusal({ storageBytes: 'btn::9007199254740993,9007199254740992' }).message).toBe(
      'storageBytes: btn needs the low value first, got "9007199254740993" > "9007199254740992".',
    );
    expect(where({ storageBytes: 'btn::9007199254740992,9007199254740993' })).toEqual({
      storageBytes: { gte: 9007199254740992n, lte: 9007199254740993n },
    });
  });
});

describe('parseListQuery: dates', () => {
  const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

  it('reads a date alone as that whole UTC day', () => {
    expect(where({ updatedAt: '2024-05-31' })).toEqual({
      updatedAt: { gte: day('2024-05-31'), lt: day('2024-06-01') },
    });
    expect(where({ updatedAt: 'gt::2024-05-31' })).toEqual({ updatedAt: { gte: day('2024-06-01') } });
    expect(where({ updatedAt: 'gte::2024-05-31' })).toEqual({ updatedAt: { gte: day('2024-05-31') } });
    expect(where({ updatedAt: 'lt::2024-05-31' })).toEqual({ updatedAt: { lt: day('2024-05-31') } });
    expect(where({ updatedAt: 'lte::2024-05-31' })).toEqual({ updatedAt: { lt: day('2024-06-01') } });
    expect(where({ updatedAt: 'btn::2024-05-01,2024-05-31' })).toEqual({
      updatedAt: { gte: day('2024-05-01'), lt: day('2024-06-01') },
    });
    expect(where({ updatedAt: 'neq::2024-12-31' })).toEqual({
      NOT: { updatedAt: { gte: day('2024-12-31'), lt: day('2025-01-01') } },
    });
    expect(where({ updatedAt: 'in::2024-02-28,2024-02-29' })).toEqual({
      OR: [
        { updatedAt: { gte: day('2024-02-28'), lt: day('2024-02-29') } },
        { updatedAt: { gte: day('2024-02-29'), lt: day('2024-03-01') } },
      ],
    });
  });

  it('reads a date-time as an instant: UTC without offset, a space standing for a decoded +', () => {
    const instant = new Date('2024-05-31T12:30:00.000Z');
    expect(where({ updatedAt: '2024-05-31T12:30:00Z' })).toEqual({ updatedAt: instant });
    expect(where({ updatedAt: '2024-05-31T12:30' })).toEqual({ updatedAt: instant });
    expect(where({ updatedAt: '2024-05-31T14:30:00+02:00' })).toEqual({ updatedAt: instant });
    expect(where({ updatedAt: '2024-05-31T14:30:00 02:00' })).toEqual({ updatedAt: instant });
    expect(where({ updatedAt: '2024-05-31T10:30:00.000-02:00' })).toEqual({ updatedAt: instant });
    expect(where({ updatedAt: 'lte::2024-05-31T12:30:00.123456Z' })).toEqual({
      updatedAt: { lte: new Date('2024-05-31T12:30:00.123Z') },
    });
    expect(where({ updatedAt: 'btn::2024-05-01,2024-05-31T12:30:00Z' })).toEqual({
      updatedAt: { gte: day('2024-05-01'), lte: instant },
    });
  });

  it('reads years before 100 as themselves', () => {
    expect(where({ updatedAt: 'gte::0099-01-01' })).toEqual({
      updatedAt: { gte: new Date('0099-01-01T00:00:00.000Z') },
    });
  });

  it.each([
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-5-1',
    '2024-05-31T24:00',
    '2024-05-31T12:60',
    '0000-01-01',
    '0001-01-01T00:30+01:00',
    '31.05.2024',
    '1717158600',
    '2024-05-31T12:00:00+25:00',
  ])('refuses %s', (value) => {
    expect(refusal({ filter: `eq(updatedAt,${value})` })).toMatchObject({ field: 'filter', position: 13 });
  });
});

describe('parseListQuery: NULLs and negations', () => {
  it('makes negations on a nullable field match NULL, and not on a required one', () => {
    expect(where({ filter: 'neq(firstName,Sophia)' })).toEqual({ firstName: { not: 'Sophia' } });
    expect(where({ filter: 'neq(country,US)' })).toEqual({ OR: [{ country: { not: 'US' } }, { country: null }] });
    expect(where({ filter: 'nin(employeeCount,1,2)' })).toEqual({
      OR: [{ employeeCount: { notIn: [1, 2] } }, { employeeCount: null }],
    });
    expect(where({ filter: 'notlike(lastName,Bro)' })).toEqual({ NOT: contains('lastName', 'Bro') });
  });

  it('reads isnull on text as NULL or empty, and on other types as NULL', () => {
    expect(where({ firstName: 'isnull' })).toEqual({ firstName: '' });
    expect(where({ firstName: 'isnotnull' })).toEqual({ firstName: { not: '' } });
    expect(where({ employeeCount: 'isnull' })).toEqual({ employeeCount: null });
    expect(where({ employeeCount: 'isnotnull' })).toEqual({ employeeCount: { not: null } });
  });

  it('reads isnull on a field that is never NULL as matching nothing, and isnotnull as matching everything', () => {
    // As conditions Prisma keeps inside AND/OR lists (it drops `{ OR: [] }` and `{}` there).
    expect(where({ favorite: 'isnull' })).toEqual({ AND: [{ favorite: true }, { favorite: false }] });
    expect(where({ favorite: 'isnotnull' })).toEqual({ OR: [{ favorite: true }, { favorite: false }] });
    expect(where({ updatedAt: 'isnull' })).toEqual({ updatedAt: { in: [] } });
    expect(where({ updatedAt: 'isnotnull' })).toEqual({ updatedAt: { notIn: [] } });
  });
});

describe('parseListQuery: relation paths', () => {
  it('matches a to-many field when any element matches', () => {
    expect(where({ 'phoneNumbers.phoneNumber': '+17175501675' })).toEqual({
      phoneNumbers: { some: { phoneNumber: '+17175501675' } },
    });
    expect(where({ 'phoneNumbers.phoneNumber': 'isnotnull' })).toEqual({
      phoneNumbers: { some: { phoneNumber: { not: '' } } },
    });
  });

  it('negates a to-many field as "no element matches"', () => {
    expect(where({ filter: 'notlike(phoneNumbers.phoneNumber,1675)' })).toEqual({
      phoneNumbers: { none: contains('phoneNumber', '1675') },
    });
    expect(where({ filter: 'neq(phoneNumbers.phoneNumber,1)' })).toEqual({
      phoneNumbers: { none: { phoneNumber: '1' } },
    });
    expect(where({ filter: 'nin(phoneNumbers.phoneNumber,1,2)' })).toEqual({
      phoneNumbers: { none: { phoneNumber: { in: ['1', '2'] } } },
    });
    expect(where({ filter: 'isnull(phoneNumbers.phoneNumber)' })).toEqual({
      phoneNumbers: { none: { phoneNumber: { not: '' } } },
    });
  });

  it('nests a to-one field', () => {
    expect(where({ 'owner.email': 'like::@acme' })).toEqual({ owner: contains('email', '@acme') });
    expect(where({ 'owner.email': 'neq::a@b.c' })).toEqual({ owner: { email: { not: 'a@b.c' } } });
  });

  it('handles a to-one hop above a to-many one', () => {
    const definition = defineListQuery({
      fields: { 'company.tags.name': { type: 'string', path: ['company', 'tags', 'name'], list: ['tags'] } },
    });
    const parse = (filter: string) => parseListQuery(definition, { filter }).where;
    expect(parse('eq(company.tags.name,vip)')).toEqual({ company: { tags: { some: { name: 'vip' } } } });
    expect(parse('neq(company.tags.name,vip)')).toEqual({ company: { tags: { none: { name: 'vip' } } } });
  });
});

describe('parseListQuery: paging and count', () => {
  it('defaults to page 1 of 20', () => {
    expect(parseListQuery(CONTACT_QUERY, {})).toMatchObject({
      pageNumber: 1,
      pageSize: 20,
      skip: 0,
      take: 20,
      count: 'auto',
    });
  });

  it('reads pageNumber and pageSize into skip and take', () => {
    expect(parseListQuery(CONTACT_QUERY, { pageNumber: '3', pageSize: '100' })).toMatchObject({
      pageNumber: 3,
      pageSize: 100,
      skip: 200,
      take: 100,
    });
    expect(parseListQuery(CONTACT_QUERY, { pageNumber: '2147483647', pageSize: '1' })).toMatchObject({
      skip: 2147483646,
    });
  });

  it.each([
    [
      'pageNumber',
      ['0', '-1', '1.5', 'abc', '', ' 1', '1e2', '2147483648', '99999999999999999999'],
      'must be an integer from 1 to 2147483647.',
    ],
    ['pageSize', ['0', '-1', '101', '1.5', 'abc', '', '20 ', '0x10'], 'must be an integer from 1 to 100.'],
  ])('refuses a bad %s naming it', (parameter, values, message) => {
    for (const value of values) {
      const error = badRequest(() => parseListQuery(CONTACT_QUERY, { [parameter]: value }));
      expect(error.message).toBe(`Invalid query parameter '${parameter}': ${message}`);
      expect(error.details).toEqual([{ field: parameter, message }]);
    }
  });

  it('takes count=exact and nothing else', () => {
    expect(parseListQuery(CONTACT_QUERY, { count: 'exact' }).count).toBe('exact');
    expect(refusal({ count: 'EXACT' })).toEqual({ field: 'count', message: 'must be exact, got "EXACT".' });
  });
});

describe('normalize (plusDecodedAsSpace)', () => {
  const PHONES = defineListQuery({
    fields: { phone: { type: 'string', normalize: plusDecodedAsSpace }, name: { type: 'string' } },
  });

  it('reads a phone value whose + the query string decoded to a space with its + back', () => {
    expect(parseListQuery(PHONES, { phone: ' 17175501675' }).where).toEqual({ phone: '+17175501675' });
    expect(parseListQuery(PHONES, { phone: '+17175501675' }).where).toEqual({ phone: '+17175501675' });
    expect(parseListQuery(PHONES, { phone: 'like::1675' }).where).toEqual({
      phone: { contains: '1675', mode: 'insensitive' },
    });
    expect(parseListQuery(PHONES, { name: ' 17' }).where).toEqual({ name: ' 17' });
  });

  it('is refused on fields that are not strings', () => {
    expect(() => defineListQuery({ fields: { size: { type: 'integer', normalize: (v) => v } } })).toThrow(/normalizes/);
  });
});
