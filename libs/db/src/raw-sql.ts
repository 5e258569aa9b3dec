import { DATABASE_RETRY_AFTER_SECONDS, DomainError } from '@diallink/common';
import type { RawSqlPart } from './tenant-reader';

/** The raw paths' rules on SQL text, shared by `TenantReader` and `TenantWriter`. */

/** A cast written after a parameter (`$2::uuid`, `$3::text[]`). */
export const CAST = /^[a-z][a-z0-9_]*(\[\])?$/;
/** A FROM or JOIN in the text must name a table piece (or a sub-select): never a table by name. */
const FROM_OR_JOIN = /\b(?:from|join)\b\s*(?:lateral\b\s*)?(?=(\S)?)/gi;

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

/** A text piece with the library's own string literals (`'%'`, a JSON key) blanked out. */
export function codeOf(part: string): string {
  return part.replace(/'[^']*'/g, "''");
}

/**
 * Refuses `;` (one statement only) and a FROM/JOIN followed by anything but `(` (a sub-select) or,
 * at the end of the text, a table piece. True when the text ends with such a FROM/JOIN. `code` is
 * `codeOf(part)`; `owner` names the refusing class in the message.
 */
export function checkText(code: string, part: string, owner: string): boolean {
  if (code.includes(';')) throw new Error(`${owner}: one statement only (no ";")`);
  let due = false;
  for (const match of code.matchAll(FROM_OR_JOIN)) {
    const next = match[1];
    due = next === undefined;
    if (next !== undefined && next !== '(') {
      throw new Error(`${owner}: "${part.trim()}" reads a table by name: use a table piece`);
    }
  }
  return due;
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
