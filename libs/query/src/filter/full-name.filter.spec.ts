import { defineListQuery } from '../definition/list-query.definition';
import { badRequest, contains, CONTACT_QUERY } from '../list-query.fixtures';
import { parseListQuery } from '../list-query.parser';
import { fullNameFilter } from './full-name.filter';

const where = (query: Record<string, string>) => parseListQuery(CONTACT_QUERY, query).where;
const equalsIgnoringCase = (column: string, value: string) => ({ [column]: { in: [value], mode: 'insensitive' } });

describe('fullNameFilter', () => {
  it('like with one word: first or last name contains it', () => {
    expect(where({ fullName: 'like::So' })).toEqual({ OR: [contains('firstName', 'So'), contains('lastName', 'So')] });
  });

  it('like with two words: also first name contains the first and last name the second', () => {
    expect(where({ fullName: 'like::Sophia  Bro' })).toEqual({
      OR: [
        contains('firstName', 'Sophia Bro'),
        contains('lastName', 'Sophia Bro'),
        { AND: [contains('firstName', 'Sophia'), contains('lastName', 'Bro')] },
      ],
    });
  });

  it('like with three words: every split into first and last name', () => {
    expect(where({ filter: 'like(fullName,Mary Ann Smith)' })).toEqual({
      OR: [
        contains('firstName', 'Mary Ann Smith'),
        contains('lastName', 'Mary Ann Smith'),
        { AND: [contains('firstName', 'Mary'), contains('lastName', 'Ann Smith')] },
        { AND: [contains('firstName', 'Mary Ann'), contains('lastName', 'Smith')] },
      ],
    });
  });

  it('eq: exact equality ignoring case (never a pattern) with either name or with "first last"', () => {
    expect(where({ fullName: 'Sophia Brooks' })).toEqual({
      OR: [
        equalsIgnoringCase('firstName', 'Sophia Brooks'),
        equalsIgnoringCase('lastName', 'Sophia Brooks'),
        { AND: [equalsIgnoringCase('firstName', 'Sophia'), equalsIgnoringCase('lastName', 'Brooks')] },
      ],
    });
  });

  it('neq and notlike are the exact negation of eq and like (De Morgan)', () => {
    expect(where({ fullName: 'notlike::Sophia Bro' })).toEqual({
      AND: [
        { NOT: contains('firstName', 'Sophia Bro') },
        { NOT: contains('lastName', 'Sophia Bro') },
        { OR: [{ NOT: contains('firstName', 'Sophia') }, { NOT: contains('lastName', 'Bro') }] },
      ],
    });
    expect(where({ fullName: 'neq::So' })).toEqual({
      AND: [{ NOT: equalsIgnoringCase('firstName', 'So') }, { NOT: equalsIgnoringCase('lastName', 'So') }],
    });
  });

  it('eq takes %, _ and \\ as they are: no ILIKE pattern, so nothing to escape', () => {
    expect(where({ fullName: 'eq::%' })).toEqual({
      OR: [equalsIgnoringCase('firstName', '%'), equalsIgnoringCase('lastName', '%')],
    });
    expect(where({ fullName: 'eq::a_b c\\' })).toEqual({
      OR: [
        equalsIgnoringCase('firstName', 'a_b c\\'),
        equalsIgnoringCase('lastName', 'a_b c\\'),
        { AND: [equalsIgnoringCase('firstName', 'a_b'), equalsIgnoringCase('lastName', 'c\\')] },
      ],
    });
  });

  it('like escapes %, _ and \\ in every part of the name', () => {
    expect(where({ fullName: 'like::5%_ x\\' })).toEqual({
      OR: [
        contains('firstName', '5\\%\\_ x\\\\'),
        contains('lastName', '5\\%\\_ x\\\\'),
        { AND: [contains('firstName', '5\\%\\_'), contains('lastName', 'x\\\\')] },
      ],
    });
  });

  it('in and nin: any of the names / none of them', () => {
    expect(where({ fullName: 'in::Ann,Bob' })).toEqual({
      OR: [
        { OR: [equalsIgnoringCase('firstName', 'Ann'), equalsIgnoringCase('lastName', 'Ann')] },
        { OR: [equalsIgnoringCase('firstName', 'Bob'), equalsIgnoringCase('lastName', 'Bob')] },
      ],
    });
    expect(where({ fullName: 'nin::Ann' })).toEqual({
      AND: [{ AND: [{ NOT: equalsIgnoringCase('firstName', 'Ann') }, { NOT: equalsIgnoringCase('lastName', 'Ann') }] }],
    });
  });

  it('isnull: both names empty; isnotnull: either has a value', () => {
    expect(where({ fullName: 'isnull' })).toEqual({ AND: [{ firstName: '' }, { lastName: '' }] });
    expect(where({ fullName: 'isnotnull' })).toEqual({ OR: [{ firstName: { not: '' } }, { lastName: { not: '' } }] });
  });

  it('with nullable names, negations also match a NULL name and isnull a NULL one', () => {
    const definition = defineListQuery({
      fields: { fullName: { type: 'string', where: fullNameFilter('first', 'last', { nullable: true }) } },
    });
    const parse = (value: string) => parseListQuery(definition, { fullName: value }).where;
    expect(parse('notlike::Al')).toEqual({
      AND: [
        { OR: [{ NOT: contains('first', 'Al') }, { first: null }] },
        { OR: [{ NOT: contains('last', 'Al') }, { last: null }] },
      ],
    });
    expect(parse('isnull')).toEqual({
      AND: [{ OR: [{ first: null }, { first: '' }] }, { OR: [{ last: null }, { last: '' }] }],
    });
  });

  it('refuses more than ten words at the condition', () => {
    expect(badRequest(() => where({ filter: `like(fullName,${'a '.repeat(11)})` })).details).toEqual([
      { field: 'filter', position: 0, message: 'fullName: a name may have at most 10 words.' },
    ]);
  });
});
