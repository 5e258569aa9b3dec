import { CustomWhere, defineListQuery, FieldDeclaration } from './list-query.definition';

const custom: CustomWhere = { operators: ['eq'], build: () => ({}) };

describe('defineListQuery', () => {
  it('applies the defaults: filterable, not sortable, not nullable, path = key, operators by type, tiebreaker id', () => {
    const definition = defineListQuery({ fields: { name: { type: 'string' } } });
    expect(definition.tiebreaker).toBe('id');
    expect(definition.fields.get('name')).toEqual({
      name: 'name',
      type: 'string',
      description: undefined,
      enumValues: [],
      filterable: true,
      sortable: false,
      nullable: false,
      path: ['name'],
      toMany: [],
      operators: ['isnull', 'isnotnull', 'eq', 'neq', 'in', 'nin', 'like', 'notlike'],
      where: undefined,
    });
  });

  it('resolves which hops are to-many', () => {
    const definition = defineListQuery({
      fields: {
        all: { type: 'string', path: ['a', 'b', 'c'], list: true },
        some: { type: 'string', path: ['a', 'b', 'c'], list: ['b'] },
        none: { type: 'string', path: ['a', 'c'] },
      },
    });
    expect(definition.fields.get('all')?.toMany).toEqual([true, true]);
    expect(definition.fields.get('some')?.toMany).toEqual([false, true]);
    expect(definition.fields.get('none')?.toMany).toEqual([false]);
  });

  it.each<[string, Record<string, FieldDeclaration>, string]>([
    ['a bad name', { 'a b': { type: 'string' } }, "field 'a b' is not a valid field name"],
    ['a reserved name', { sort: { type: 'string' } }, "field 'sort' clashes with a list query parameter"],
    ['an unknown type', { a: { type: 'text' } as unknown as FieldDeclaration }, "field 'a' has an unknown type 'text'"],
    ['an enum without values', { a: { type: 'enum', values: [] } }, "field 'a' is an enum without values"],
    ['enum values differing in case', { a: { type: 'enum', values: ['A', 'a'] } }, 'differ only in case'],
    ['an empty path', { a: { type: 'string', path: [] } }, 'has an invalid path'],
    ['list without a hop', { a: { type: 'string', list: true } }, 'its path has no relation hop'],
    [
      'a list hop not in the path',
      { a: { type: 'string', path: ['x', 'a'], list: ['y'] } },
      'not a relation hop of its path',
    ],
    [
      'operators its type lacks',
      { a: { type: 'boolean', operators: ['like'] } },
      'allows operators its type or builder does not take: like',
    ],
    [
      'a sortable to-many field',
      { a: { type: 'string', path: ['x', 'a'], list: true, sortable: true } },
      'crosses a to-many relation',
    ],
    [
      'a sortable custom field',
      { a: { type: 'string', where: custom, sortable: true } },
      'it has a custom where builder',
    ],
    ['a custom field with a path', { a: { type: 'string', where: custom, path: ['b'] } }, 'takes no path'],
  ])('refuses %s at start-up', (_case, fields, message) => {
    expect(() => defineListQuery({ fields })).toThrow(message);
  });

  it('refuses a tiebreaker that is not a column and other parameters that clash', () => {
    expect(() => defineListQuery({ fields: {}, tiebreaker: 'a.b' })).toThrow("tiebreaker 'a.b' is not a column name");
    expect(() => defineListQuery({ fields: { a: { type: 'string' } }, otherParameters: ['a'] })).toThrow(
      "other parameter 'a' clashes",
    );
  });
});
