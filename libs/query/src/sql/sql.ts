/**
 * A piece of SQL as the raw read path builds it: text written by the library (never a request's
 * value), parameters, and references to tenant-owned tables that the runner in `libs/db`
 * (`TenantReader`) replaces by the table limited to one tenant. Values only ever become `$n`
 * parameters: nothing a client sends is spliced into the text.
 */
export type SqlPart = string | SqlParameter | SqlTable;

/** A value, sent as a parameter; `cast` (a type name of the library's own) is added as `::cast`. */
export interface SqlParameter {
  readonly value: string | number | boolean | null;
  readonly cast?: string;
}

/** A tenant-owned table, by its Prisma model name (`Contact`): rendered as that tenant's rows only. */
export interface SqlTable {
  readonly table: string;
}

export class Sql {
  constructor(readonly parts: readonly SqlPart[]) {}
}

type Piece = Sql | SqlParameter | SqlTable;

function flatten(pieces: readonly (string | Piece)[]): SqlPart[] {
  const parts: SqlPart[] = [];
  for (const piece of pieces) {
    if (piece instanceof Sql) parts.push(...piece.parts);
    else parts.push(piece);
  }
  return parts;
}

/** SQL from a template: interpolated pieces must be `Sql`, parameters (`param`) or tables (`table`). */
export function sql(strings: TemplateStringsArray, ...pieces: Piece[]): Sql {
  const parts: (string | Piece)[] = [];
  strings.forEach((text, index) => {
    if (text !== '') parts.push(text);
    if (index < pieces.length) parts.push(pieces[index]);
  });
  return new Sql(flatten(parts));
}

/** A parameter. */
export function param(value: string | number | boolean | null, cast?: string): SqlParameter {
  return cast === undefined ? { value } : { value, cast };
}

/** A tenant-owned table (its Prisma model name). */
export function table(model: string): SqlTable {
  return { table: model };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** A quoted identifier of the library's column maps (checked: lower-case letters, digits, `_`). */
export function ident(name: string): Sql {
  if (!IDENTIFIER.test(name)) throw new Error(`not an SQL identifier of a column map: '${name}'`);
  return new Sql([`"${name}"`]);
}

/** `alias."column"`. */
export function column(alias: string, name: string): Sql {
  if (!IDENTIFIER.test(alias)) throw new Error(`not an SQL alias: '${alias}'`);
  return new Sql([`${alias}.`, ...ident(name).parts]);
}

/** Text of the library's own (keywords, operators): never a value. */
export function raw(text: string): Sql {
  return new Sql([text]);
}

export function join(items: readonly Sql[], separator: string): Sql {
  const parts: (string | Piece)[] = [];
  items.forEach((item, index) => {
    if (index > 0) parts.push(separator);
    parts.push(item);
  });
  return new Sql(flatten(parts));
}

export const TRUE = raw('TRUE');
export const FALSE = raw('FALSE');

/** AND of conditions, each parenthesised; TRUE when none. */
export function and(items: readonly Sql[]): Sql {
  if (items.length === 0) return TRUE;
  if (items.length === 1) return items[0];
  return sql`(${join(
    items.map((item) => sql`(${item})`),
    ' AND ',
  )})`;
}

/** OR of conditions, each parenthesised; FALSE when none. */
export function or(items: readonly Sql[]): Sql {
  if (items.length === 0) return FALSE;
  if (items.length === 1) return items[0];
  return sql`(${join(
    items.map((item) => sql`(${item})`),
    ' OR ',
  )})`;
}

export function not(item: Sql): Sql {
  return sql`(NOT (${item}))`;
}
