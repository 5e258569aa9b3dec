import { BadRequestError } from '@diallink/common';
import fc from 'fast-check';
import { FilterConditionNode, FilterNode, printFilter, quoteFilterValue } from './filter/filter-ast';
import { FILTER_OPERATORS, FilterOperator, OPERATOR_ARITY } from './filter/filter-operators';
import { parseFilter } from './filter/filter.parser';
import { CONTACT_QUERY } from './list-query.fixtures';
import { parseListQuery } from './list-query.parser';

const RUNS = { numRuns: 500 };

/** Any text: every code point, and lone UTF-16 surrogates too. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 60 }),
);

/** Text made of the grammar's own tokens, so that it often gets deep into the parser. */
const TOKENS = [
  '(',
  ')',
  ',',
  '"',
  '\\',
  '\\"',
  ' ',
  '::',
  '-',
  '+',
  '%',
  '_',
  '\u0000',
  'AND(',
  'OR(',
  'and(',
  'eq(',
  'neq(',
  'gt(',
  'lte(',
  'in(',
  'nin(',
  'btn(',
  'like(',
  'notlike(',
  'isnull(',
  'isnotnull(',
  'isnull',
  'firstName',
  'fullName',
  'employeeCount',
  'storageBytes',
  'annualRevenue',
  'rating',
  'industry',
  'favorite',
  'updatedAt',
  'id',
  'price',
  'phoneNumbers.phoneNumber',
  'owner.email',
  'retail',
  '1',
  '-5',
  '1.5',
  '1e400',
  '9223372036854775807',
  '-9223372036854775809',
  'abc',
  'true',
  '2024-01-01',
  '2024-02-30',
  '2024-05-31T12:00:00+02:00',
  '00000000-0000-4000-8000-000000000000',
  'x'.repeat(30),
];
const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((parts) => parts.join(''));

/** A well-formed expression over the contact fields, then damaged: a character dropped, a token inserted, a slice repeated. */
const mutatedExpression = fc
  .tuple(
    fc.array(
      fc.constantFrom(
        'eq(firstName,Sophia)',
        'gt(employeeCount,5)',
        'isnull(zip)',
        'in(industry,RETAIL,"a,b")',
        'btn(updatedAt,2024-01-01,2024-02-01)',
      ),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
    fc.constantFrom('AND', 'OR'),
    fc.nat(),
    fc.nat(),
    fc.constantFrom(...TOKENS),
    fc.constantFrom('drop', 'insert', 'repeat'),
  )
  .map(([conditions, logic, at, length, token, mutation]) => {
    const text = `${logic}(${conditions.join(',')})`;
    const index = at % (text.length + 1);
    if (mutation === 'drop') return text.slice(0, index) + text.slice(index + 1);
    if (mutation === 'insert') return text.slice(0, index) + token + text.slice(index);
    return text.slice(0, index) + text.slice(index, index + (length % 10)) + text.slice(index);
  });

const hostile = fc.oneof(anyText, tokenText, mutatedExpression);

/** Parsing either succeeds or fails with a 400 that names the parameter; nothing else may escape. */
function parsesOrRefuses(query: Record<string, string>, parameter: string): void {
  try {
    parseListQuery(CONTACT_QUERY, query);
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    expect(error.status).toBe(400);
    expect(error.details[0].field).toBe(parameter);
    expect(error.message).toContain(`'${parameter}'`);
  }
}

describe('property: no input makes parsing fail with anything but a 400', () => {
  it('as filter', () => {
    fc.assert(
      fc.property(hostile, (text) => parsesOrRefuses({ filter: text }, 'filter')),
      RUNS,
    );
  });

  it('as a field parameter, basic or match type, of every field', () => {
    const fields = [...CONTACT_QUERY.fields.values()].filter((field) => field.filterable).map((field) => field.name);
    const operator = fc.constantFrom('', ...FILTER_OPERATORS.map((name) => `${name}::`), 'bogus::');
    fc.assert(
      fc.property(fc.constantFrom(...fields), operator, hostile, (field, prefix, text) =>
        parsesOrRefuses({ [field]: prefix + text }, field),
      ),
      RUNS,
    );
  });

  it.each(['sort', 'pageNumber', 'pageSize', 'count'])('as %s', (parameter) => {
    fc.assert(
      fc.property(hostile, (text) => parsesOrRefuses({ [parameter]: text }, parameter)),
      RUNS,
    );
  });
});

describe('property: bigint values are exact', () => {
  const MIN = -(2n ** 63n);
  const MAX = 2n ** 63n - 1n;

  it('any bigint in PostgreSQL’s range parses to itself; any other is a 400 saying so', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MIN * 4n, max: MAX * 4n }), (value) => {
        const query = { storageBytes: `eq::${value}` };
        if (value >= MIN && value <= MAX) {
          expect(parseListQuery(CONTACT_QUERY, query).where).toEqual({ storageBytes: value });
        } else {
          expect(() => parseListQuery(CONTACT_QUERY, query)).toThrow(/is out of range/);
        }
      }),
      RUNS,
    );
  });

  it('btn takes low,high exactly when low ≤ high', () => {
    const near = fc.bigInt({ min: -3n, max: 3n });
    const value = fc.oneof(
      fc.bigInt({ min: MIN, max: MAX }),
      near.map((offset) => 2n ** 53n + offset),
    );
    fc.assert(
      fc.property(value, value, (low, high) => {
        const query = { storageBytes: `btn::${low},${high}` };
        if (low <= high) {
          expect(parseListQuery(CONTACT_QUERY, query).where).toEqual({ storageBytes: { gte: low, lte: high } });
        } else {
          expect(() => parseListQuery(CONTACT_QUERY, query)).toThrow(/btn needs the low value first/);
        }
      }),
      RUNS,
    );
  });
});

/** An expression tree with any field names and values, the right number of values per operator. */
const fieldName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}(\.[A-Za-z_][A-Za-z0-9_]{0,8})?$/);
const condition: fc.Arbitrary<FilterNode> = fc
  .tuple(
    fc.constantFrom(...FILTER_OPERATORS),
    fieldName,
    fc.array(anyText, { minLength: 3, maxLength: 3 }),
    fc.array(anyText, { maxLength: 4 }),
  )
  .map(([operator, field, fixed, more]) => {
    const { min, max } = OPERATOR_ARITY[operator as FilterOperator];
    const values = max === Number.POSITIVE_INFINITY ? [fixed[0], ...more] : fixed.slice(0, min);
    return { kind: 'condition', operator, field, values, position: 0, fieldPosition: 0, valuePositions: [] };
  });
const { tree } = fc.letrec<{ tree: FilterNode; group: FilterNode }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, condition, tie('group')),
  group: fc.record({
    kind: fc.constant('group' as const),
    logic: fc.constantFrom('AND' as const, 'OR' as const),
    children: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }),
    position: fc.constant(0),
  }),
}));

/** The tree without positions, which printing cannot keep. */
function shape(node: FilterNode): unknown {
  if (node.kind === 'group') return { logic: node.logic, children: node.children.map(shape) };
  const { operator, field, values } = node as FilterConditionNode;
  return { operator, field, values };
}

describe('property: printing and parsing', () => {
  it('a printed expression parses back to the same tree', () => {
    fc.assert(
      fc.property(tree, (node) => {
        const text = printFilter(node);
        fc.pre(text.length <= 4_000);
        expect(shape(parseFilter(text))).toEqual(shape(node));
      }),
      RUNS,
    );
  });

  it('any quoted value parses back as exactly that value, in filter and in match-type form', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const parsed = parseFilter(`eq(a, ${quoteFilterValue(value)} )`) as FilterConditionNode;
        expect(parsed.values).toEqual([value]);
        fc.pre(!value.includes('\u0000'));
        expect(
          parseListQuery(CONTACT_QUERY, { companyName: `in::${quoteFilterValue(value)},${quoteFilterValue(value)}` })
            .where,
        ).toEqual({
          companyName: { in: [value, value] },
        });
      }),
      RUNS,
    );
  });
});
