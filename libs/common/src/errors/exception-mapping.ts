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
  409: 'The request conflicts with the current state of the resource.',
  413: 'The request body is too large.',
  415: 'Unsupported content type: send application/json.',
  429: 'Too many requests.',
  500: 'An internal error occurred. The request id identifies it in our logs.',
  503: 'The service is unavailable. Try again shortly.',
};

/** Prisma's request errors that a client can cause: unique (P2002), missing (P2025), reference (P2003). */
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
