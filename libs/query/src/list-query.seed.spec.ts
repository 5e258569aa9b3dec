import { badRequest, CALL_QUERY, CONTACT_QUERY, contains } from './list-query.fixtures';
import { parseListQuery } from './list-query.parser';

/** Every filter example of the public reference, parsed to the Prisma `where` it must become. */
describe('the public reference’s filter examples', () => {
  const where = (query: Record<string, string>) => parseListQuery(CONTACT_QUERY, query).where;

  it('basic: ?direction=outbound is an exact, case-normalised enum match', () => {
    expect(parseListQuery(CALL_QUERY, { direction: 'outbound' }).where).toEqual({ direction: 'OUTBOUND' });
  });

  it('match type: ?fullName=like::L and ?fullName=like::So match first or last name', () => {
    expect(where({ fullName: 'like::L' })).toEqual({ OR: [contains('firstName', 'L'), contains('lastName', 'L')] });
    expect(where({ fullName: 'like::So' })).toEqual({ OR: [contains('firstName', 'So'), contains('lastName', 'So')] });
  });

  it('advanced: AND(eq(firstName,Sophia),like(phoneNumbers.phoneNumber,1675)) reaches into the phone number list', () => {
    expect(where({ filter: 'AND(eq(firstName,Sophia),like(phoneNumbers.phoneNumber,1675))' })).toEqual({
      AND: [{ firstName: 'Sophia' }, { phoneNumbers: { some: contains('phoneNumber', '1675') } }],
    });
  });

  it('advanced: OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))', () => {
    expect(where({ filter: 'OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))' })).toEqual({
      OR: [{ annualRevenue: { gt: '500000' } }, { AND: [{ employeeCount: { gt: 1000 } }, { country: 'US' }] }],
    });
  });

  it('advanced: AND(gt(employeeCount,1000),eq(country,US))', () => {
    expect(where({ filter: 'AND(gt(employeeCount,1000),eq(country,US))' })).toEqual({
      AND: [{ employeeCount: { gt: 1000 } }, { country: 'US' }],
    });
  });

  // One row per operator of the reference's table: advanced form, match-type form, expected where.
  const rows: Array<[string, [string, string], Record<string, unknown>]> = [
    ['isnull(zip)', ['zip', 'isnull::'], { OR: [{ zip: null }, { zip: '' }] }],
    ['isnotnull(country)', ['country', 'isnotnull::'], { NOT: [{ country: null }, { country: '' }] }],
    ['eq(country,US)', ['country', 'eq::US'], { country: 'US' }],
    [
      'neq(industry,GOVERNMENT)',
      ['industry', 'neq::GOVERNMENT'],
      { OR: [{ industry: { not: 'GOVERNMENT' } }, { industry: null }] },
    ],
    ['gt(employeeCount,1000)', ['employeeCount', 'gt::1000'], { employeeCount: { gt: 1000 } }],
    ['gte(annualRevenue,500000)', ['annualRevenue', 'gte::500000'], { annualRevenue: { gte: '500000' } }],
    ['lt(employeeCount,15)', ['employeeCount', 'lt::15'], { employeeCount: { lt: 15 } }],
    ['lte(annualRevenue,200000)', ['annualRevenue', 'lte::200000'], { annualRevenue: { lte: '200000' } }],
    ['in(country,US,GE,FR)', ['country', 'in::US,GE,FR'], { country: { in: ['US', 'GE', 'FR'] } }],
    [
      'nin(industry,HEALTHCARE,FINANCIAL)',
      ['industry', 'nin::HEALTHCARE,FINANCIAL'],
      { OR: [{ industry: { notIn: ['HEALTHCARE', 'FINANCIAL'] } }, { industry: null }] },
    ],
    ['btn(employeeCount,15,50)', ['employeeCount', 'btn::15,50'], { employeeCount: { gte: 15, lte: 50 } }],
    ['like(companyName,Enterprise)', ['companyName', 'like::Enterprise'], contains('companyName', 'Enterprise')],
    [
      'notlike(companyName,Corp)',
      ['companyName', 'notlike::Corp'],
      { OR: [{ NOT: contains('companyName', 'Corp') }, { companyName: null }] },
    ],
  ];

  it.each(rows)('%s, in advanced and in match-type form', (filter, [parameter, value], expected) => {
    expect(where({ filter })).toEqual(expected);
    expect(where({ [parameter]: value })).toEqual(expected);
  });

  it('the malformed OR(gt(annualRevenue,500000)),gt(employeeCount,1000)) is a 400 at the stray comma', () => {
    const error = badRequest(() => where({ filter: 'OR(gt(annualRevenue,500000)),gt(employeeCount,1000))' }));
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      'Invalid query parameter \'filter\' at position 28: unexpected "," after the end of the expression (unbalanced parentheses?).',
    );
    expect(error.details).toEqual([
      {
        field: 'filter',
        message: 'unexpected "," after the end of the expression (unbalanced parentheses?).',
        position: 28,
      },
    ]);
  });
});
