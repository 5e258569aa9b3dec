import { badRequest } from '../list-query.fixtures';
import { FilterNode, printFilter, quoteFilterValue } from './filter-ast';
import { parseFilter, parseValueList } from './filter.parser';

/** The first value of a one-condition expression. */
function valueOf(expression: string): string {
  const node = parseFilter(expression);
  if (node.kind !== 'condition') throw new Error('expected a condition');
  return node.values[0];
}

/** Where and why `expression` is refused. */
function refusal(expression: string): { position?: number; message: string } {
  const { details } = badRequest(() => parseFilter(expression));
  return { position: details[0].position, message: details[0].message };
}

describe('parseFilter', () => {
  it('reads nested groups with the position of every part', () => {
    expect(parseFilter('OR(gt(a,1),AND(eq(b,x),isnull(c)))')).toEqual({
      kind: 'group',
      logic: 'OR',
      position: 0,
      children: [
        {
          kind: 'condition',
          operator: 'gt',
          field: 'a',
          values: ['1'],
          position: 3,
          fieldPosition: 6,
          valuePositions: [8],
        },
        {
          kind: 'group',
          logic: 'AND',
          position: 11,
          children: [
            {
              kind: 'condition',
              operator: 'eq',
              field: 'b',
              values: ['x'],
              position: 15,
              fieldPosition: 18,
              valuePositions: [20],
            },
            {
              kind: 'condition',
              operator: 'isnull',
              field: 'c',
              values: [],
              position: 23,
              fieldPosition: 30,
              valuePositions: [],
            },
          ],
        },
      ],
    });
  });

  it('takes group and operator names in any case and prints them canonically', () => {
    expect(printFilter(parseFilter('and(EQ(a,1),Or(Like(b,x)))'))).toBe('AND(eq(a,1),OR(like(b,x)))');
  });

  it('ignores whitespace between tokens and trims bare values, keeping inner spaces', () => {
    expect(printFilter(parseFilter(' AND ( eq ( a , Sophia Brooks ) , gt(b,1) ) '))).toBe(
      'AND(eq(a,Sophia Brooks),gt(b,1))',
    );
  });

  it('reads quoted values with commas, parentheses, spaces and escapes', () => {
    expect(valueOf('eq(a,"Smith, John (Jr.)")')).toBe('Smith, John (Jr.)');
    expect(valueOf('eq(a,"  padded  ")')).toBe('  padded  ');
    expect(valueOf('eq(a,"say \\"hi\\" \\\\o/")')).toBe('say "hi" \\o/');
    expect(valueOf('eq(a,"")')).toBe('');
    expect(valueOf('eq(a,  "x"  )')).toBe('x');
  });

  it('keeps a backslash in a bare value as it is', () => {
    expect(valueOf('eq(path,C:\\temp)')).toBe('C:\\temp');
  });

  it.each([
    ['', 0, 'the filter is empty.'],
    ['   ', 0, 'the filter is empty.'],
    [
      'OR(gt(annualRevenue,500000)),gt(employeeCount,1000))',
      28,
      'unexpected "," after the end of the expression (unbalanced parentheses?).',
    ],
    ['AND(eq(a,1)', 11, "expected ')' or ',' in AND(…), found the end of the expression."],
    ['AND(eq(a,1)))', 12, 'unexpected ")" after the end of the expression (unbalanced parentheses?).'],
    ['eq(a,1) garbage', 8, 'unexpected "g" after the end of the expression.'],
    ['eq(a,1', 6, "expected ')' or ',' in eq(…), found the end of the expression."],
    ['AND()', 4, 'AND() needs at least one condition.'],
    ['AND(eq(a,1),)', 12, 'expected a condition such as eq(field,value) or a group AND(…)/OR(…), found ")".'],
    [
      'foo(a,1)',
      0,
      "unknown operator 'foo'; operators are AND, OR, isnull, isnotnull, eq, neq, gt, gte, lt, lte, in, nin, btn, like, notlike.",
    ],
    ['firstName=Sophia', 9, "expected '(' after 'firstName', found \"=\"."],
    ['eq(,1)', 3, 'expected a field name in eq(…), found ",".'],
    ['eq(a,)', 5, 'expected a value, found ")".'],
    ['eq(a, )', 6, 'expected a value, found ")".'],
    ['eq(a,"x)', 5, 'unterminated quoted value.'],
    ['eq(a,"x\\', 5, 'unterminated quoted value.'],
    ['eq(a,"x\\n")', 7, "unknown escape '\\n': only \\\" and \\\\ are allowed."],
    ['eq(a,ab"c")', 7, 'a quote may only start a value: quote the whole value, e.g. "a,b".'],
    ['eq(a,"x"y)', 8, "expected ')' or ',' in eq(…), found \"y\"."],
    ['eq(a,b(c))', 6, "expected ')' or ',' in eq(…), found \"(\"."],
    ['eq(first name,x)', 9, "expected ')' or ',' in eq(…), found \"n\"."],
    ['btn(a,1)', 0, 'btn takes exactly two values (low,high), got 1.'],
    ['eq(a,1,2)', 0, 'eq takes exactly one value, got 2.'],
    ['isnull(a,1)', 0, 'isnull takes no value, got 1.'],
    ['AND(in(a))', 4, 'in takes one or more values, got 0.'],
  ])('refuses %j at position %i', (expression, position, message) => {
    expect(refusal(expression)).toEqual({ position, message });
  });

  it('refuses more than 100 values in one in()', () => {
    const values = Array.from({ length: 101 }, (_, index) => index).join(',');
    expect(refusal(`in(a,${values})`).message).toBe('in takes at most 100 values, got 101.');
    expect(() => parseFilter(`in(a,${values.slice(0, values.lastIndexOf(','))})`)).not.toThrow();
  });

  it('allows groups 20 deep and refuses the 21st level, however deep it goes', () => {
    const nested = (depth: number) => `${'AND('.repeat(depth)}eq(a,1)${')'.repeat(depth)}`;
    expect(() => parseFilter(nested(20))).not.toThrow();
    const refused = { position: 80, message: 'groups are nested deeper than 20 levels.' };
    expect(refusal(nested(21))).toEqual(refused);
    expect(refusal(nested(700))).toEqual(refused);
    expect(refusal(`${'OR('.repeat(700)}`)).toEqual({ ...refused, position: 60 });
    expect(refusal(nested(1_000)).message).toBe('is longer than 4000 characters.');
  });

  it('refuses an expression longer than 4 000 characters without reading it', () => {
    const long = `eq(a,${'x'.repeat(100_000)})`;
    expect(refusal(long)).toEqual({ position: undefined, message: 'is longer than 4000 characters.' });
    expect(() => parseFilter(`eq(a,${'x'.repeat(3_994)})`)).not.toThrow();
  });

  it('names the parameter in the message and in the detail', () => {
    const error = badRequest(() => parseFilter('eq(a,'));
    expect(error.message).toBe(
      "Invalid query parameter 'filter' at position 5: expected a value, found the end of the expression.",
    );
    expect(error.details[0].field).toBe('filter');
  });
});

describe('printFilter and quoteFilterValue', () => {
  it('quotes only the values that need it', () => {
    const node: FilterNode = {
      kind: 'condition',
      operator: 'in',
      field: 'a.b',
      values: ['plain', 'with space', 'a,b', ' lead', '', 'q"uote', 'back\\slash', '(x)'],
      position: 0,
      fieldPosition: 0,
      valuePositions: [],
    };
    expect(printFilter(node)).toBe('in(a.b,plain,with space,"a,b"," lead","","q\\"uote","back\\\\slash","(x)")');
  });

  it('escapes quotes and backslashes', () => {
    expect(quoteFilterValue('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});

describe('parseValueList (match-type values)', () => {
  it('splits on commas, honours quotes and treats parentheses as text', () => {
    expect(parseValueList('in::US, "a,b" ,(555)', 'country', 4)).toEqual({
      values: ['US', 'a,b', '(555)'],
      positions: [4, 8, 15],
    });
  });

  it('reports positions inside the parameter value', () => {
    const error = badRequest(() => parseValueList('in::US,', 'country', 4));
    expect(error.details).toEqual([
      { field: 'country', message: 'expected a value, found the end of the expression.', position: 7 },
    ]);
  });
});
