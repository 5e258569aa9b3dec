import type { DateValue, FilterValue, ResolvedField } from '../definition/list-query.definition';
import { FilterConditionError, quoted } from '../query-error';

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
/** PostgreSQL's bigint (Prisma's `BigInt`). */
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** YYYY-MM-DD, optionally THH:mm[:ss[.fraction]] and Z or ±HH:MM (a space stands for a `+` lost in the query string). */
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+\- ]\d{2}:\d{2})?)?$/;
const DAY_MS = 86_400_000;
/** PostgreSQL's timestamps start before year 1, JavaScript's ISO years do not: keep to 0001..9999. */

function fail(problem: string): never {
  throw new FilterConditionError(problem);
}

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0..99 to 1900..1999
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function daysIn(year: number, month: number): number {
  return new Date(utc(year, month + 1, 0)).getUTCDate();
}

/** ISO 8601 date or date-time. A date alone is that whole UTC day; a date-time without offset is UTC. */
export function parseDate(raw: string): DateValue {
  const match = DATE.exec(raw);
  const problem = `${quoted(raw)} is not an ISO 8601 date (2024-05-31) or date-time (2024-05-31T14:30:00Z).`;
  if (!match) fail(problem);
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) fail(problem);
  if (h === undefined) {
    const start = utc(year, month, day);
    return { start: new Date(start), end: new Date(start + DAY_MS) };
  }
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? 0);
  if (hour > 23 || minute > 59 || second > 59) fail(problem);
  let offsetMinutes = 0;
  if (offset && offset.toUpperCase() !== 'Z') {
    const offsetHours = Number(offset.slice(1, 3));
    const offsetRest = Number(offset.slice(4, 6));
    if (offsetHours > 23 || offsetRest > 59) fail(problem);
    offsetMinutes = (offset[0] === '-' ? -1 : 1) * (offsetHours * 60 + offsetRest);
  }
  const ms = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  const instant = utc(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  if (instant < utc(1, 1, 1) || instant >= utc(10_000, 1, 1)) fail(`${quoted(raw)} is outside the years 0001 to 9999.`);
  return { start: new Date(instant) };
}

/** A decimal in plain notation, canonical: no `+`, no leading zeros, no trailing dot. */
export function parseDecimal(raw: string): string {
  const match = DECIMAL.exec(raw);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) fail(`${quoted(raw)} is not a decimal number.`);
  const [, sign, whole, fraction = ''] = match;
  const integer = whole.replace(/^0+(?=\d)/, '') || '0';
  const digits = fraction === '' ? integer : `${integer}.${fraction}`;
  return sign === '-' && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

/** Orders two canonical decimals (from `parseDecimal`) without losing precision. */
export function compareDecimals(a: string, b: string): number {
  const negA = a.startsWith('-');
  const negB = b.startsWith('-');
  if (negA !== negB) return negA ? -1 : 1;
  const [intA, fracA = ''] = a.replace('-', '').split('.');
  const [intB, fracB = ''] = b.replace('-', '').split('.');
  let order = intA.length - intB.length;
  if (order === 0) {
    const width = Math.max(fracA.length, fracB.length);
    const left = intA + fracA.padEnd(width, '0');
    const right = intB + fracB.padEnd(width, '0');
    order = left < right ? -1 : left > right ? 1 : 0;
  }
  return negA ? -Math.sign(order) : Math.sign(order);
}

/** One value of a condition, parsed by its field's type; a `FilterConditionError` says what is wrong. */
export function parseFieldValue(field: ResolvedField, raw: string): FilterValue {
  if (field.type === 'string') {
    if (raw.includes('\u0000')) fail('a value must not contain a NUL character.');
    return field.normalize ? field.normalize(raw) : raw;
  }
  const text = raw.trim();
  switch (field.type) {
    case 'enum': {
      const upper = text.toUpperCase();
      const value = field.enumValues.find((candidate) => candidate.toUpperCase() === upper);
      return value ?? fail(`${quoted(raw)} is not one of ${field.enumValues.join(', ')}.`);
    }
    case 'integer': {
      const value = INTEGER.test(text) ? Number(text) : Number.NaN;
      if (!Number.isInteger(value)) fail(`${quoted(raw)} is not an integer.`);
      if (value < INT32_MIN || value > INT32_MAX)
        fail(`${quoted(raw)} is out of range (${INT32_MIN} to ${INT32_MAX}).`);
      return value;
    }
    case 'bigint': {
      // Parsed as a BigInt, never through a float: 9007199254740993 stays itself.
      if (!INTEGER.test(text)) fail(`${quoted(raw)} is not an integer.`);
      const value = BigInt(text);
      if (value < INT64_MIN || value > INT64_MAX)
        fail(`${quoted(raw)} is out of range (${INT64_MIN} to ${INT64_MAX}).`);
      return value;
    }
    case 'number': {
      const value = NUMBER.test(text) ? Number(text) : Number.NaN;
      return Number.isFinite(value) ? value : fail(`${quoted(raw)} is not a finite number.`);
    }
    case 'decimal':
      return parseDecimal(text);
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      return fail(`${quoted(raw)} is not a boolean: use true or false.`);
    case 'date':
      return parseDate(text);
    case 'uuid':
      return UUID.test(text) ? text.toLowerCase() : fail(`${quoted(raw)} is not a UUID.`);
  }
}

/** Orders two values of one field, for `btn`'s low ≤ high; only ordered types reach it. */
export function compareValues(field: ResolvedField, a: FilterValue, b: FilterValue): number {
  if (field.type === 'decimal') return compareDecimals(a as string, b as string);
  if (field.type === 'date') return (a as DateValue).start.getTime() - (b as DateValue).start.getTime();
  if (field.type === 'bigint') {
    const [x, y] = [a as bigint, b as bigint];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return (a as number) - (b as number);
}

/**
 * For phone-number fields: a query string decodes the `+` of `?phone=+17175501675` to a space,
 * so a value that is a space and digits is read with its `+` back.
 */
export function plusDecodedAsSpace(value: string): string {
  return /^ \d[\d ]*$/.test(value) ? `+${value.slice(1)}` : value;
}
