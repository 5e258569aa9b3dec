/**
 * Prisma's request errors, recognised the same way everywhere: by name and code, not with
 * `instanceof`, because each service has a generated client of its own (and its own error class).
 * The global filter maps what is left uncaught (P2002 → 409, P2025 → 404, P2003 → 409); a service
 * that wants its own words catches the error and asks these.
 */

/** A `PrismaClientKnownRequestError` of any service's client. */
export interface PrismaKnownError extends Error {
  name: 'PrismaClientKnownRequestError';
  code: string;
  meta?: {
    modelName?: string;
    /** The unique constraint's fields, from Prisma's own engines (not set through a driver adapter). */
    target?: string[] | string;
    driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } };
  };
}

/** True for a Prisma request error, of the given code when one is given (`'P2002'`). */
export function isPrismaKnownError(error: unknown, code?: string): error is PrismaKnownError {
  if (!(error instanceof Error) || error.name !== 'PrismaClientKnownRequestError') return false;
  const actual = (error as { code?: unknown }).code;
  return typeof actual === 'string' && (code === undefined || actual === code);
}

/**
 * The columns of the unique constraint a P2002 names: through the PostgreSQL driver adapter, as
 * the database names them (`tenant_id`, `name`); undefined when the error does not say.
 */
export function uniqueViolationColumns(error: PrismaKnownError): string[] | undefined {
  const fields = error.meta?.driverAdapterError?.cause?.constraint?.fields;
  if (Array.isArray(fields)) return fields;
  const target = error.meta?.target;
  return Array.isArray(target) ? target : undefined;
}

/**
 * A unique constraint refused the write (P2002). With `columns`, only the constraint on exactly
 * those columns (as the database names them, in any order: `['tenant_id', 'name']`), so that
 * another constraint of the table is not mistaken for it.
 */
export function isUniqueViolation(error: unknown, columns?: readonly string[]): boolean {
  if (!isPrismaKnownError(error, 'P2002')) return false;
  if (columns === undefined) return true;
  const named = uniqueViolationColumns(error);
  return named !== undefined && named.length === columns.length && columns.every((column) => named.includes(column));
}

/** The record to update or delete was not there (P2025), e.g. deleted since it was read. */
export function isRecordNotFound(error: unknown): boolean {
  return isPrismaKnownError(error, 'P2025');
}

/** A foreign key refused the write (P2003): the record referred to is gone, or is still referred to. */
export function isForeignKeyViolation(error: unknown): boolean {
  return isPrismaKnownError(error, 'P2003');
}
