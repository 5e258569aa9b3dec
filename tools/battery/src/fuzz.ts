/**
 * fast-check arbitraries over a route's shape from its OpenAPI document: bodies whose fields are
 * sometimes right and mostly wrong (wrong types, nulls, NUL, lone surrogates, huge strings and
 * arrays, deep nesting, `__proto__`/`constructor` keys), and query strings over a list route's
 * declared parameters. Bodies are sent as JSON text, so prototype keys arrive as written.
 */
import fc from 'fast-check';
import { OpenApiDocument, SchemaObject, resolve } from './routes';

const NASTY_TEXT = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfff',
  '\\',
  'like\\',
  '%',
  '_',
  "'; DROP TABLE users; --",
  '${7*7}',
  '../../etc/passwd',
  '\u202e\u200b',
  '🙂',
  'x'.repeat(70_000),
];

/** Values of the wrong kind, or of the right kind at the wrong size, for any field. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, -1e308, 1e308, 2 ** 53, [], {}, [null], [[]], [{}]),
  fc.constantFrom(...NASTY_TEXT),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constant(Array.from({ length: 20_000 }, (_, index) => index)),
  fc.constant(Array.from({ length: 2_000 }, () => 'x'.repeat(40))),
  fc.integer({ min: 40, max: 200 }).map(deeplyNested),
  fc.constant(JSON.parse('{"__proto__": {"admin": true, "enabled": true}}') as unknown),
  fc.constant({ constructor: { prototype: { admin: true } } }),
);

function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { nested: value };
  return value;
}

/** A plausible value of `schema` (what a field expects), to get past the first refusal. */
function plausible(document: OpenApiDocument, schema: SchemaObject | undefined, depth: number): fc.Arbitrary<unknown> {
  const resolved = resolve(document, schema);
  if (!resolved || depth > 4) return fc.constant('x');
  if (resolved.enum?.length) return fc.constantFrom(...resolved.enum);
  const alternatives = resolved.oneOf ?? resolved.anyOf ?? resolved.allOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((one) => plausible(document, one, depth + 1)));
  const type = Array.isArray(resolved.type) ? resolved.type[0] : resolved.type;
  switch (type) {
    case 'string':
      if (resolved.format === 'uuid') return fc.uuid();
      if (resolved.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
      if (resolved.format === 'email') return fc.constant(`fuzz-${Math.random().toString(36).slice(2)}@example.test`);
      return fc.string({ maxLength: 20 });
    case 'integer':
      return fc.integer({ min: resolved.minimum ?? -10, max: resolved.maximum ?? 1000 });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(field(document, resolved.items, depth + 1), { maxLength: 3 });
    case 'object':
    default:
      return objectOf(document, resolved, depth + 1);
  }
}

/** A field: mostly plausible, often nasty. */
function field(document: OpenApiDocument, schema: SchemaObject | undefined, depth: number): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: plausible(document, schema, depth), weight: 2 }, { arbitrary: nastyValue, weight: 3 });
}

function objectOf(document: OpenApiDocument, schema: SchemaObject, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  const declared = fc.record(
    Object.fromEntries(properties.map(([name, property]) => [name, field(document, property, depth)])),
    { requiredKeys: [] },
  );
  const extra = fc.dictionary(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'tenantId', 'id', 'x\u0000', '\ud800'),
    nastyValue,
    { maxKeys: 2 },
  );
  return fc.tuple(declared, extra).map(([known, more]) => Object.assign(JSON.parse('{}') as object, more, known));
}

/** A JSON body text for a route's body schema: an object, or now and then not one at all. */
export function bodyText(document: OpenApiDocument, schema: SchemaObject): fc.Arbitrary<string> {
  return fc
    .oneof({ arbitrary: objectOf(document, schema, 0), weight: 8 }, { arbitrary: nastyValue, weight: 1 })
    .map((body) => JSON.stringify(body) ?? 'null');
}

/** Percent-encodes text as UTF-8 bytes, lone surrogates included (as WTF-8, which no decoder should trust). */
function encodeQueryValue(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`;
    } else out += encodeURIComponent(char);
  }
  return out;
}

const FILTER_OPERATORS = [
  'eq',
  'ne',
  'in',
  'nin',
  'like',
  'nlike',
  'gt',
  'gte',
  'lt',
  'lte',
  'btw',
  'null',
  'nnull',
  'x',
];

/** A query string over a list route's declared parameters (and a few it does not declare). */
export function queryText(parameters: string[]): fc.Arbitrary<string> {
  const name = fc.oneof(
    { arbitrary: fc.constantFrom(...parameters, 'page', 'pageSize', 'sort', 'filter'), weight: 4 },
    { arbitrary: fc.constantFrom('__proto__', 'constructor', 'unknown', 'sort[]', 'a.b', ''), weight: 1 },
  );
  const value = fc.oneof(
    fc.constantFrom(...NASTY_TEXT.slice(0, -1), '-1', '0', '99999999999999999999', '1e9', 'NaN', '-', ',', ':::'),
    fc
      .tuple(
        fc.constantFrom(...FILTER_OPERATORS),
        fc.constantFrom('', ':', '::'),
        fc.constantFrom(...NASTY_TEXT.slice(0, -1), 'a,b', '1', '2026-01-01'),
      )
      .map(([operator, separator, operand]) => `${operator}${separator}${operand}`),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constant('x'.repeat(10_000)),
  );
  return fc
    .array(fc.tuple(name, value), { minLength: 1, maxLength: 4 })
    .map((pairs) => pairs.map(([key, text]) => `${encodeQueryValue(key)}=${encodeQueryValue(text)}`).join('&'));
}

/** A path parameter that is not one of the tenant's ids: malformed, encoded badly, huge or hostile. */
export function idText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      '0',
      '-1',
      'null',
      'undefined',
      '%00',
      '%ED%A0%80',
      '%E0%A4%A',
      '%zz',
      '..%2F..%2Fetc',
      '%2e%2e',
      'me',
    ),
    fc.constantFrom('00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'),
    fc.uuid().map((uuid) => `${uuid}%00`),
    fc.uuid().map((uuid) => uuid.toUpperCase()),
    fc.constant('x'.repeat(1_000)),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map(encodeQueryValue),
  );
}
