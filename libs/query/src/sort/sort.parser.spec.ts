import { defineListQuery } from '../definition/list-query.definition';
import { badRequest, CONTACT_QUERY } from '../list-query.fixtures';
import { parseListQuery } from '../list-query.parser';

const sorted = (sort: string | undefined) => {
  const { orderBy, sortingCriteria } = parseListQuery(CONTACT_QUERY, sort === undefined ? {} : { sort });
  return { orderBy, sortingCriteria };
};

describe('sort', () => {
  it('without sort, orders by the tiebreaker and reports sortingCriteria null', () => {
    expect(sorted(undefined)).toEqual({ orderBy: [{ id: 'asc' }], sortingCriteria: null });
  });

  it.each([
    ['-updatedAt', [{ updatedAt: 'desc' }, { id: 'asc' }], '-updatedAt'],
    ['+price', [{ price: 'asc' }, { id: 'asc' }], '+price'],
    [' price', [{ price: 'asc' }, { id: 'asc' }], '+price'],
    ['price', [{ price: 'asc' }, { id: 'asc' }], 'price'],
    [
      '-country,firstName',
      [{ country: { sort: 'desc', nulls: 'last' } }, { firstName: 'asc' }, { id: 'asc' }],
      '-country,firstName',
    ],
    [
      '-country, firstName',
      [{ country: { sort: 'desc', nulls: 'last' } }, { firstName: 'asc' }, { id: 'asc' }],
      '-country,+firstName',
    ],
    ['employeeCount', [{ employeeCount: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }], 'employeeCount'],
    ['owner.email', [{ owner: { email: 'asc' } }, { id: 'asc' }], 'owner.email'],
  ])('sort=%j orders by %j and reports %j', (sort, orderBy, sortingCriteria) => {
    expect(sorted(sort)).toEqual({ orderBy, sortingCriteria });
  });

  it('does not append the tiebreaker when the sort already names it', () => {
    expect(sorted('-id').orderBy).toEqual([{ id: 'desc' }]);
    expect(sorted('id,firstName').orderBy).toEqual([{ id: 'asc' }, { firstName: 'asc' }]);
  });

  it('appends a tiebreaker of another name', () => {
    const definition = defineListQuery({ fields: { name: { type: 'string', sortable: true } }, tiebreaker: 'key' });
    expect(parseListQuery(definition, { sort: '-name' }).orderBy).toEqual([{ name: 'desc' }, { key: 'asc' }]);
  });

  const sortable =
    'firstName, lastName, companyName, country, employeeCount, storageBytes, price, updatedAt, id, owner.email';

  it.each([
    ['colour', 0, `cannot sort by "colour"; sortable fields: ${sortable}. Use -field for descending order.`],
    ['zip', 0, `cannot sort by "zip"; sortable fields: ${sortable}. Use -field for descending order.`],
    [
      'phoneNumbers.phoneNumber',
      0,
      `cannot sort by "phoneNumbers.phoneNumber"; sortable fields: ${sortable}. Use -field for descending order.`,
    ],
    [
      'firstName,-colour',
      10,
      `cannot sort by "colour"; sortable fields: ${sortable}. Use -field for descending order.`,
    ],
    ['', 0, `a field name is missing; sortable fields: ${sortable}. Use -field for descending order.`],
    ['-', 0, `a field name is missing; sortable fields: ${sortable}. Use -field for descending order.`],
    ['firstName,,id', 10, `a field name is missing; sortable fields: ${sortable}. Use -field for descending order.`],
    ['firstName ', 0, `cannot sort by "firstName "; sortable fields: ${sortable}. Use -field for descending order.`],
    ['--firstName', 0, `cannot sort by "-firstName"; sortable fields: ${sortable}. Use -field for descending order.`],
    ['firstName,-firstName', 10, '"firstName" is sorted by twice.'],
  ])('refuses sort=%j at position %i', (sort, position, message) => {
    expect(badRequest(() => sorted(sort)).details).toEqual([{ field: 'sort', position, message }]);
  });
});
