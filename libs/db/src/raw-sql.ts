import { DATABASE_RETRY_AFTER_SECONDS, DomainError } from '@diallink/common';
import type { RawSqlPart } from './tenant-reader';

/** The raw paths' rules on SQL text, shared by `TenantReader` and `TenantWriter`. */

/** A cast written after a parameter (`$2::uuid`, `$3::text[]`). */
export const CAST = /^[a-z][a-z0-9_]*(\[\])?$/;
/** Words after which the FROM list of their depth is over (a comma there is no FROM item). */
const FROM_LIST_ENDS = new Set([
  'where',
  'group',
  'having',
  'window',
  'order',
  'limit',
  'offset',
  'fetch',
  'for',
  'union',
  'intersect',
  'except',
  'returning',
]);
/**
 * Words no text of the raw paths has: `TABLE x` reads a table by name, a write in a `WITH` needs
 * no FROM, and `SELECT … INTO` makes a table.
 */
const WRITES = ['table', 'into', 'insert', 'update', 'delete', 'merge', 'truncate'];
const WORD = /[a-z_][a-z0-9_]*/iy;

/** Adjacent text pieces as one, so that a FROM and what follows it are seen together. */
export function mergeText(parts: readonly RawSqlPart[]): RawSqlPart[] {
  const merged: RawSqlPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else merged.push(part);
  }
  return merged;
}

/**
 * The check of a statement's text (or of a fragment the writer places: a condition, a RETURNING)
 * as PostgreSQL will read it, piece by piece. A table is reached only through a table piece: every
 * FROM, JOIN and further item of a FROM list (after its comma) is followed by a table piece or a
 * sub-select, and no text writes or names a table otherwise (`refused` words, `TABLE`). One
 * statement only; parentheses balanced, never closing one the text did not open (a condition
 * cannot close the writer's and add an `OR`). String literals and quoted names are skipped; what
 * a scan this simple cannot follow — comments, dollar quotes, escape strings (`E'…'`) and a quote
 * left open — is refused.
 */
export class TextCheck {
  private readonly refused: ReadonlySet<string>;
  private depth = 0;
  /** The depths whose FROM list is open. */
  private readonly fromLists = new Set<number>();
  /** After FROM, JOIN or a FROM list's comma: a table piece or `(` must come next. */
  private itemDue = false;

  constructor(
    private readonly owner: string,
    refused: readonly string[] = [],
  ) {
    this.refused = new Set([...WRITES, ...refused]);
  }

  text(part: string): void {
    for (const token of tokens(part, this.owner)) {
      const word = /^[a-z_]/i.test(token) ? token.toLowerCase() : undefined;
      if (this.itemDue && token !== '(' && word !== 'lateral')
        throw new Error(`${this.owner}: "${part.trim()}" reads a table by name: use a table piece`);
      if (word !== undefined) this.word(word, part);
      else if (token === '(') this.open();
      else if (token === ')') this.close();
      else if (token === ',' && this.fromLists.has(this.depth)) this.itemDue = true;
    }
  }

  table(): void {
    this.itemDue = false;
  }

  param(): void {
    if (this.itemDue) throw new Error(`${this.owner}: a FROM or JOIN is followed by a parameter, not a table piece`);
  }

  /** Throws when the text ends waiting for a table or inside a parenthesis. */
  end(): void {
    if (this.itemDue) throw new Error(`${this.owner}: a FROM or JOIN at the end names no table`);
    if (this.depth !== 0) throw new Error(`${this.owner}: the text leaves a parenthesis open`);
  }

  private word(word: string, part: string): void {
    if (this.refused.has(word))
      throw new Error(`${this.owner}: "${part.trim()}" writes or names a table (${word.toUpperCase()})`);
    if (word === 'from' || word === 'join') {
      this.fromLists.add(this.depth);
      this.itemDue = true;
    } else if (FROM_LIST_ENDS.has(word)) {
      this.fromLists.delete(this.depth);
    }
  }

  private open(): void {
    this.itemDue = false;
    this.depth++;
    this.fromLists.delete(this.depth);
  }

  private close(): void {
    this.fromLists.delete(this.depth);
    if (--this.depth < 0) throw new Error(`${this.owner}: the text closes a parenthesis it did not open`);
  }
}

/**
 * The tokens of a text piece that matter to `TextCheck`: words, `(`, `)`, `,` and any other
 * character; a string literal or quoted name is one token of its quote (its content skipped).
 */
function tokens(part: string, owner: string): string[] {
  const found: string[] = [];
  const refuse = (what: string) => new Error(`${owner}: "${part.trim()}" has ${what}: not in raw SQL text`);
  for (let at = 0; at < part.length;) {
    const char = part[at];
    if (char === "'" || char === '"') {
      // A prefix makes it another kind of literal (E'\'' is one quote; U&"…" has escapes).
      if (/[\w&]/.test(part[at - 1] ?? ' ')) throw refuse('a literal with a prefix');
      const close = part.indexOf(char, at + 1);
      if (close < 0) throw refuse('a quote left open');
      found.push(char);
      at = close + 1;
    } else if (char === ';') {
      throw new Error(`${owner}: one statement only (no ";")`);
    } else if (char === '$' || (char === '-' && part[at + 1] === '-') || (char === '/' && part[at + 1] === '*')) {
      throw refuse('a comment or a dollar quote');
    } else if (/\s/.test(char)) {
      at++;
    } else {
      WORD.lastIndex = at;
      const word = WORD.exec(part)?.[0] ?? char;
      found.push(word);
      at += word.length;
    }
  }
  return found;
}

/**
 * node-postgres's pool says "timeout exceeded when trying to connect" in a plain `Error` when no
 * connection came within `connectionTimeoutMillis` (Prisma called that P2024): a 503 with
 * Retry-After, as the error filter answers the other signs of an unreachable database. Any other
 * error is returned as it is.
 */
export function unavailableOrSame(error: unknown): unknown {
  if (error instanceof Error && !('code' in error) && /^timeout exceeded when trying to connect/i.test(error.message)) {
    return new DatabaseUnavailableError();
  }
  return error;
}

class DatabaseUnavailableError extends DomainError {
  readonly status = 503;
  constructor() {
    super('The database is unavailable. Try again shortly.', [], {
      'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
    });
  }
}
