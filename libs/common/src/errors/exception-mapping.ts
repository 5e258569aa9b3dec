import { HttpException } from '@nestjs/common';
import { ApiErrorBody, DomainError, ErrorDetail, errorCodeFor } from './api-error';
import { PrismaKnownError, isPrismaKnownError } from './prisma-errors';

/** What the filter needs to answer one error: status, body (without requestId) and headers. */
export interface MappedError {
  status: number;
  message: string;
  details: ErrorDetail[];
  headers: Record<string, string>;
  /** True for faults of ours, which are logged with their stack and never described to the client. */
  unexpected: boolean;
}

const GENERIC_MESSAGES: Record<number, string> = {
  400: 'The request is malformed.',
  401: 'Authentication is required.',
  403: 'You do not have permission to do this.',
  404: 'The requested resource was not found.',
  405: 'This method is not allowed on this path.',
  408: 'The request did not arrive in time.',
  409: 'The request conflicts with the current state of the resource.',
  413: 'The request body is too large.',
  415: 'Unsupported content type: send application/json.',
  429: 'Too many requests.',
  500: 'An internal error occurred. The request id identifies it in our logs.',
  503: 'The service is unavailable. Try again shortly.',
};

/**
 * Prisma's request errors that a client can cause: unique (P2002), missing (P2025), reference
 * (P2003); and a transaction that expired under load (P2028).
 */
function mapPrismaError(error: PrismaKnownError): MappedError | undefined {
  const model = error.meta?.modelName ?? 'record';
  switch (error.code) {
    case 'P2002':
      return {
        status: 409,
        message: `A ${model} with the same unique value already exists.`,
        details: [],
        headers: {},
        unexpected: false,
      };
    case 'P2028':
      // The transaction ran past its limit or waited too long for a connection: the database
      // is overloaded for now, nothing was written.
      return databaseRetryLater('The service is busy. Nothing was changed; try again shortly.');
    case 'P2025':
      return { status: 404, message: `${model} not found.`, details: [], headers: {}, unexpected: false };
    case 'P2003':
      return {
        status: 409,
        message: `The ${model} refers to a record that does not exist, or is still referred to by another record.`,
        details: [],
        headers: {},
        unexpected: false,
      };
    default:
      return undefined;
  }
}

function mapHttpException(exception: HttpException): MappedError {
  const status = exception.getStatus();
  const response = exception.getResponse();
  let message = GENERIC_MESSAGES[status] ?? exception.message;
  if (typeof response === 'string') {
    message = response;
  } else if (response && typeof response === 'object') {
    const raw = (response as { message?: unknown }).message;
    if (typeof raw === 'string') message = raw;
    else if (Array.isArray(raw)) message = raw.join('; ');
  }
  // Fastify's body errors reach us as Nest HttpExceptions with Fastify's wording; say it in ours.
  if (status === 400 && /not valid JSON/i.test(message)) message = 'The body is not valid JSON.';
  if (status === 400 && /^Body cannot be empty/.test(message))
    message = 'The body is empty but Content-Type is application/json.';
  if (status === 413) message = GENERIC_MESSAGES[413];
  if (status === 415) {
    const type = /Unsupported Media Type:\s*(.+)$/.exec(message)?.[1];
    message = type ? `Unsupported content type ${type}: send application/json.` : GENERIC_MESSAGES[415];
  }
  // Nest's "Cannot GET /path" for routes that do not exist.
  if (status === 404 && /^Cannot [A-Z]+ /.test(message)) message = `No such route: ${message.slice('Cannot '.length)}.`;
  return { status, message, details: [], headers: {}, unexpected: status >= 500 };
}

/** Codes of a database that cannot be reached: Prisma's, PostgreSQL's (class 08, 57P0x) and Node's. */
const UNAVAILABLE_CODES = new Set([
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Client has encountered a connection error/i;
/** node-postgres's plain `Error`s (no code) for a connection that is gone. */
const PG_CONNECTION_LOST =
  /^(Connection terminated|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;
/** Errors of the database client stack, whose messages may say the connection failed. */
const DATABASE_ERRORS = /^(Prisma|DriverAdapter)/;

/** Seconds a client is asked to wait while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** True when `error` (or one of its causes) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { name, code, message, cause, meta } = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
  };
  if (name === 'PrismaClientInitializationError') return true;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (typeof message === 'string') {
    // node-postgres's own words when the server goes away under an open connection, or when a
    // pooled client that lost it is queried again (inside a transaction too).
    if (PG_CONNECTION_LOST.test(message)) return true;
    if (typeof name === 'string' && DATABASE_ERRORS.test(name) && UNAVAILABLE_MESSAGES.test(message)) return true;
  }
  return isDatabaseUnavailable(cause, depth + 1) || isDatabaseUnavailable(meta?.driverAdapterError, depth + 1);
}

/** A 503 that asks the client to come back once the database can take the request. */
function databaseRetryLater(message: string): MappedError {
  return {
    status: 503,
    message,
    details: [],
    headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
    unexpected: false,
  };
}

export function mapException(exception: unknown): MappedError {
  if (exception instanceof DomainError) {
    return {
      status: exception.status,
      message: exception.message,
      details: exception.details,
      headers: exception.headers,
      unexpected: exception.status >= 500 && exception.status !== 503,
    };
  }
  if (isPrismaKnownError(exception)) {
    const mapped = mapPrismaError(exception);
    if (mapped) return mapped;
  }
  if (exception instanceof HttpException) {
    return mapHttpException(exception);
  }
  if (isDatabaseUnavailable(exception)) {
    return databaseRetryLater('The database is unavailable. Try again shortly.');
  }
  return { status: 500, message: GENERIC_MESSAGES[500], details: [], headers: {}, unexpected: true };
}

export function toErrorBody(mapped: MappedError, requestId: string): ApiErrorBody {
  const message = mapped.unexpected ? GENERIC_MESSAGES[500] : mapped.message;
  return {
    status: mapped.unexpected ? 500 : mapped.status,
    error: errorCodeFor(mapped.unexpected ? 500 : mapped.status),
    message,
    details: mapped.unexpected ? [] : mapped.details,
    requestId,
  };
}
