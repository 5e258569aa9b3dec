import type { FilterCondition } from '../definition/list-query.definition';
import type { Sql } from './sql';

/**
 * Where the fields of a list live in SQL, for the raw read path: one table per Prisma model, its
 * columns by Prisma field name, and its relations (the related table and the columns that join
 * them). Names come from here, never from a request.
 *
 * @example
 * const PHONE_NUMBERS: SqlTableMap = { model: 'ContactPhoneNumber', columns: { phoneNumber: 'phone_number' } };
 * const CONTACTS: SqlTableMap = {
 *   model: 'Contact',
 *   columns: { id: 'id', firstName: 'first_name' },
 *   relations: { phoneNumbers: { target: PHONE_NUMBERS, on: ['contact_id', 'id'] } },
 * };
 */
export interface SqlTableMap {
  /** The Prisma model: a tenant-owned table, which the runner limits to the tenant. */
  readonly model: string;
  /** Prisma field name → column name, for every field a list filters or sorts by. */
  readonly columns: Readonly<Record<string, string>>;
  readonly relations?: Readonly<Record<string, SqlRelation>>;
}

export interface SqlRelation {
  readonly target: SqlTableMap;
  /** `[target column, source column]`: the related rows are those with `target.col = source.col`. */
  readonly on: readonly [string, string];
}

/** The SQL of a field with a custom `where` builder (`fullName`), for one condition; `alias` is the listed table's. */
export type SqlCustomWhere = (condition: FilterCondition, alias: string) => Sql;

export interface SqlColumnMap {
  /** The listed table. */
  readonly root: SqlTableMap;
  /** The SQL counterpart of every field that has a custom `where` builder, by field name. */
  readonly custom?: Readonly<Record<string, SqlCustomWhere>>;
}
