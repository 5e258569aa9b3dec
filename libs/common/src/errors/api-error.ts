import { STATUS_CODES } from 'node:http';

/** One problem with one part of a request, e.g. a DTO field or a filter expression. */
export interface ErrorDetail {
  /** Where the problem is: a body field path (`phoneNumbers[0].phoneNumber`), a query parameter or a header. */
  field?: string;
  /** What is wrong with it, for a person. */
  message: string;
  /** Zero-based character position inside a query-language expression, when known. */
  position?: number;
}

/** The one error body every service answers with (API.md §4). */
export interface ApiErrorBody {
  status: number;
  error: string;
  message: string;
  details: ErrorDetail[];
  requestId: string;
}

/** `413` → `PAYLOAD_TOO_LARGE`: the upper-snake form of the HTTP reason phrase. */
export function errorCodeFor(status: number): string {
  const phrase = STATUS_CODES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
  return phrase
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * Base of the typed errors services throw. The global exception filter turns each into the
 * error body with its status; nothing else about it reaches the client.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  readonly details: ErrorDetail[];
  /** Response headers that belong to this error, such as `Allow` or `Retry-After`. */
  readonly headers: Record<string, string>;

  protected constructor(message: string, details: ErrorDetail[] = [], headers: Record<string, string> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
    this.headers = headers;
  }
}

export class BadRequestError extends DomainError {
  readonly status = 400;
  constructor(message: string, details: ErrorDetail[] = []) {
    super(message, details);
  }
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  constructor(message = 'Authentication is required: send an X-API-KEY header or an Authorization: Bearer token.') {
    super(message, [], { 'WWW-Authenticate': 'Bearer' });
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(message = 'You do not have permission to do this.') {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(resource: string, id?: string) {
    super(id === undefined ? `${resource} not found.` : `${resource} '${id}' not found.`);
  }
}

export class MethodNotAllowedError extends DomainError {
  readonly status = 405;
  constructor(method: string, path: string, allowed: string[]) {
    super(`${method} is not allowed on ${path}. Allowed: ${allowed.join(', ')}.`, [], { Allow: allowed.join(', ') });
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
  constructor(message: string, details: ErrorDetail[] = []) {
    super(message, details);
  }
}

/** A client too slow to send its request; the connection closes with the answer. */
export class RequestTimeoutError extends DomainError {
  readonly status = 408;
  constructor(message: string) {
    super(message, [], { Connection: 'close' });
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  constructor(message: string) {
    super(message);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  constructor(message: string) {
    super(message);
  }
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  constructor(retryAfterSeconds: number, message = `Too many requests: try again in ${retryAfterSeconds} s.`) {
    super(message, [], { 'Retry-After': String(retryAfterSeconds) });
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  constructor(message: string) {
    super(message);
  }
}
