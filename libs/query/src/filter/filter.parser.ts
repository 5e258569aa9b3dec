import { LIST_QUERY_LIMITS } from '../limits';
import { invalidParameter, quoted } from '../query-error';
import type { FilterConditionNode, FilterNode } from './filter-ast';
import { FILTER_OPERATORS, FilterOperator, OPERATOR_ARITY, operatorNamed } from './filter-operators';

const NAME_CHAR = /[A-Za-z]/;
const FIELD_CHAR = /[A-Za-z0-9_.]/;
const SPACE = /\s/;

/** A parsed list of values with the position of each, e.g. the values after `in::`. */
export interface ValueList {
  readonly values: string[];
  readonly positions: number[];
}

function describe(char: string | undefined): string {
  return char === undefined ? 'the end of the expression' : quoted(char);
}

/** Reads one parameter's text left to right; every failure is a 400 with the position it stopped at. */
class Scanner {
  position: number;

  constructor(
    private readonly text: string,
    private readonly parameter: string,
    start = 0,
  ) {
    this.position = start;
  }

  get current(): string | undefined {
    return this.text[this.position];
  }

  get atEnd(): boolean {
    return this.position >= this.text.length;
  }

  fail(problem: string, position = this.position): never {
    throw invalidParameter(this.parameter, problem, position);
  }

  skipSpace(): void {
    while (!this.atEnd && SPACE.test(this.text[this.position])) this.position++;
  }

  readWhile(pattern: RegExp): string {
    const start = this.position;
    while (!this.atEnd && pattern.test(this.text[this.position])) this.position++;
    return this.text.slice(start, this.position);
  }

  expect(char: string, after: string): void {
    if (this.current !== char) this.fail(`expected '${char}' ${after}, found ${describe(this.current)}.`);
    this.position++;
  }

  /** A quoted value, or a bare one that runs to the next of `stops` (trimmed); never empty unless quoted. */
  readValue(stops: string): string {
    if (this.current === '"') return this.readQuoted();
    const start = this.position;
    while (!this.atEnd && !stops.includes(this.text[this.position])) {
      if (this.text[this.position] === '"') {
        this.fail('a quote may only start a value: quote the whole value, e.g. "a,b".');
      }
      this.position++;
    }
    const value = this.text.slice(start, this.position).trim();
    if (value === '') this.fail(`expected a value, found ${describe(this.current)}.`, start);
    return value;
  }

  private readQuoted(): string {
    const open = this.position++;
    let value = '';
    for (;;) {
      const char = this.current;
      if (char === undefined) this.fail('unterminated quoted value.', open);
      if (char === '"') {
        this.position++;
        return value;
      }
      if (char === '\\') {
        const escaped = this.text[this.position + 1];
        if (escaped === undefined) this.fail('unterminated quoted value.', open);
        if (escaped !== '"' && escaped !== '\\')
          this.fail(`unknown escape '\\${escaped}': only \\" and \\\\ are allowed.`);
        value += escaped;
        this.position += 2;
      } else {
        value += char;
        this.position++;
      }
    }
  }
}

/** Refuses a parameter value over the length limit before anything reads it. */
export function checkLength(text: string, parameter: string): void {
  if (text.length > LIST_QUERY_LIMITS.maxParameterLength) {
    throw invalidParameter(parameter, `is longer than ${LIST_QUERY_LIMITS.maxParameterLength} characters.`);
  }
}

/** Refuses a condition with the wrong number of values, at the operator's position. */
export function checkArity(operator: FilterOperator, count: number, fail: (problem: string) => never): void {
  const arity = OPERATOR_ARITY[operator];
  if (count < arity.min || count > arity.max) fail(`${operator} takes ${arity.shape}, got ${count}.`);
  if (count > LIST_QUERY_LIMITS.maxListValues)
    fail(`${operator} takes at most ${LIST_QUERY_LIMITS.maxListValues} values, got ${count}.`);
}

function parseNode(scanner: Scanner, depth: number): FilterNode {
  const position = scanner.position;
  const name = scanner.readWhile(NAME_CHAR);
  if (name === '') {
    scanner.fail(
      `expected a condition such as eq(field,value) or a group AND(…)/OR(…), found ${describe(scanner.current)}.`,
    );
  }
  scanner.skipSpace();
  scanner.expect('(', `after '${name}'`);
  const logic = name.toUpperCase();
  if (logic === 'AND' || logic === 'OR') {
    if (depth >= LIST_QUERY_LIMITS.maxFilterDepth) {
      scanner.fail(`groups are nested deeper than ${LIST_QUERY_LIMITS.maxFilterDepth} levels.`, position);
    }
    const children: FilterNode[] = [];
    for (;;) {
      scanner.skipSpace();
      if (children.length === 0 && scanner.current === ')') scanner.fail(`${logic}() needs at least one condition.`);
      children.push(parseNode(scanner, depth + 1));
      scanner.skipSpace();
      if (scanner.current !== ',') break;
      scanner.position++;
    }
    scanner.expect(')', `or ',' in ${logic}(…)`);
    return { kind: 'group', logic, children, position };
  }
  return parseCondition(scanner, name, position);
}

function parseCondition(scanner: Scanner, name: string, position: number): FilterConditionNode {
  const operator = operatorNamed(name);
  if (!operator) {
    scanner.fail(`unknown operator '${name}'; operators are AND, OR, ${FILTER_OPERATORS.join(', ')}.`, position);
  }
  scanner.skipSpace();
  const fieldPosition = scanner.position;
  const field = scanner.readWhile(FIELD_CHAR);
  if (field === '') scanner.fail(`expected a field name in ${operator}(…), found ${describe(scanner.current)}.`);
  const values: string[] = [];
  const valuePositions: number[] = [];
  scanner.skipSpace();
  while (scanner.current === ',') {
    scanner.position++;
    scanner.skipSpace();
    valuePositions.push(scanner.position);
    values.push(scanner.readValue(',()'));
    scanner.skipSpace();
  }
  scanner.expect(')', `or ',' in ${operator}(…)`);
  checkArity(operator, values.length, (problem) => scanner.fail(problem, position));
  return { kind: 'condition', operator, field, values, position, fieldPosition, valuePositions };
}

/**
 * Parses an advanced filter, e.g. `OR(gt(annualRevenue,500000),AND(gt(employeeCount,1000),eq(country,US)))`.
 * Names of groups and operators are case-insensitive; whitespace between tokens is ignored; a
 * value is bare (trimmed, without `,()"`) or double-quoted with `\"` and `\\` escapes.
 */
export function parseFilter(text: string, parameter = 'filter'): FilterNode {
  checkLength(text, parameter);
  const scanner = new Scanner(text, parameter);
  scanner.skipSpace();
  if (scanner.atEnd) scanner.fail('the filter is empty.', 0);
  const node = parseNode(scanner, 0);
  scanner.skipSpace();
  if (!scanner.atEnd) {
    const hint = scanner.current === ')' || scanner.current === ',' ? ' (unbalanced parentheses?)' : '';
    scanner.fail(`unexpected ${describe(scanner.current)} after the end of the expression${hint}.`);
  }
  return node;
}

/** The comma-separated values of a match-type parameter from `start` on (`in::US,"a,b"`); parentheses are plain text here. */
export function parseValueList(text: string, parameter: string, start: number): ValueList {
  checkLength(text, parameter);
  const scanner = new Scanner(text, parameter, start);
  const values: string[] = [];
  const positions: number[] = [];
  for (;;) {
    scanner.skipSpace();
    positions.push(scanner.position);
    values.push(scanner.readValue(','));
    scanner.skipSpace();
    if (scanner.atEnd) return { values, positions };
    scanner.expect(',', 'between values');
  }
}
