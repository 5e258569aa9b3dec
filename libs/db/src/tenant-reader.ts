import type { ModelInfo } from './datamodel';
import { databaseExecutor, renderSql, tenantTables } from './raw-sql';
import type { RawSqlPart, RawSqlStatement, SqlExecutor, TenantTable } from './raw-sql';
import type { ServiceDatabase } from './service-database';

export type { RawSqlPart, RawSqlStatement } from './raw-sql';

/** A statement shape seen before: what follows its pieces so far, and once complete its text. */
interface Shape {
  texts?: Map<string, Shape>;
  tables?: Map<string, Shape>;
  params?: Map<string | undefined, Shape>;
  rendered?: { readonly text: string; readonly name: string | undefined };
}

/** Nodes of a reader's tree of statement shapes (a bound, should the shapes be many: IN lists of any length). */
const SHAPE_NODES = 20_000;
/** Statement shapes run as prepared statements, per reader (the rest run unnamed). */
const PREPARED_SHAPES = 200;
/** Prepared statements' names are unique in the process: readers may share a pool. */
let statements = 0;

/**
 * The raw read path's one door to the database: statements built of text, parameters and table
 * pieces (`{ table: 'Contact' }`), run for one tenant. The tenant predicate is not the caller's to
 * write: every table piece becomes `(SELECT * FROM "contacts" WHERE "tenant_id" = $1)` — the
 * tenant's rows only, in sub-selects and `EXISTS` as much as in the main `FROM` (PostgreSQL
 * flattens these sub-selects: the plans are those of the plain tables with the predicate) — and
 * a statement that reaches a table through its text (`FROM contacts`, `, contacts` in a FROM list,
 * `TABLE contacts`), writes, or is more than one statement is refused before it runs
 * (`TextCheck`). Only tenant-owned models can be read; values are `$n` parameters.
 *
 * It runs on an executor of `raw-sql.ts`: in the services the pool under the service's Prisma
 * client (`ServiceDatabase.pool`, which the driver adapter runs on: no second pool), each shape a
 * prepared statement, with node-postgres's own parsing of the columns (the statements answer JSON
 * built by PostgreSQL and `int` counts, which both parse as Prisma's raw queries did).
 */
export class TenantReader {
  private readonly tables: ReadonlyMap<string, TenantTable>;
  private readonly shapes: Shape = {};
  private shapeNodes = 0;
  private prepared = 0;

  constructor(
    private readonly executor: SqlExecutor,
    models: readonly ModelInfo[],
  ) {
    this.tables = tenantTables(models);
  }

  /** The rows of `statement` as `tenantId` may see them. */
  async read<T>(tenantId: string, statement: RawSqlStatement): Promise<T[]> {
    const { text, name, values } = this.prepare(tenantId, statement);
    return this.executor.query<T>(text, values, name);
  }

  /**
   * The text of `statement` (rendered and checked once per shape: the same pieces of text, casts
   * and tables in the same order), its prepared statement's name and its values, the tenant first.
   */
  private prepare(tenantId: string, statement: RawSqlStatement): { text: string; name?: string; values: unknown[] } {
    const shape = this.shapeOf(statement.parts);
    if (shape?.rendered) {
      const values: unknown[] = [tenantId];
      for (const part of statement.parts) if (typeof part !== 'string' && !('table' in part)) values.push(part.value);
      return { text: shape.rendered.text, name: shape.rendered.name, values };
    }
    const { text, values } = this.render(statement);
    values.unshift(tenantId);
    if (!shape) return { text, values };
    shape.rendered = { text, name: this.statementName() };
    return { text, name: shape.rendered.name, values };
  }

  /**
   * The node of `parts`' shape in the tree of shapes seen, made on the way (undefined once the
   * tree holds `SHAPE_NODES` nodes: such statements are rendered every time). Text pieces are
   * looked up as they are: mostly the same constant strings on every request, whose hash V8 keeps.
   */
  private shapeOf(parts: readonly RawSqlPart[]): Shape | undefined {
    let node: Shape | undefined = this.shapes;
    for (const part of parts) {
      if (typeof part === 'string') node = this.step((node.texts ??= new Map()), part);
      else if ('table' in part) node = this.step((node.tables ??= new Map()), part.table);
      else node = this.step((node.params ??= new Map()), part.cast);
      if (!node) return undefined;
    }
    return node;
  }

  private step<K>(map: Map<K, Shape>, key: K): Shape | undefined {
    let next = map.get(key);
    if (!next && this.shapeNodes < SHAPE_NODES) {
      next = {};
      map.set(key, next);
      this.shapeNodes++;
    }
    return next;
  }

  /**
   * The name of a new shape's prepared statement, so that PostgreSQL parses and analyses each
   * shape once per connection instead of on every request. The pool's connections plan each
   * execution with its values all the same (`plan_cache_mode=force_custom_plan`, see
   * `poolConfig`): the plans are those of unnamed statements, never a generic plan made for one
   * tenant's size and used for another's. Past `PREPARED_SHAPES` shapes, statements go unnamed
   * (a connection never forgets a name).
   */
  private statementName(): string | undefined {
    if (this.prepared >= PREPARED_SHAPES) return undefined;
    this.prepared++;
    return `tenant_reader_${++statements}`;
  }

  /** The text (`$1` is the tenant) and the values after the tenant; throws for a statement it refuses. */
  render(statement: RawSqlStatement): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    return { text: renderSql(statement, values, { owner: 'TenantReader', tables: this.tables }), values };
  }
}

const READERS = new WeakMap<object, TenantReader>();

/** The tenant reader of a service's database (one per database, on its pool). */
export function tenantReader(database: ServiceDatabase<object>): TenantReader {
  let reader = READERS.get(database);
  if (!reader) {
    reader = new TenantReader(databaseExecutor(database), database.models);
    READERS.set(database, reader);
  }
  return reader;
}
