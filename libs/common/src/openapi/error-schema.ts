/**
 * The one error body of every service (API.md §4, `ApiErrorBody` in errors/api-error.ts) as the
 * OpenAPI documents name it: every 4xx, 5xx and `default` response refers to `Error`.
 */
export const ERROR_SCHEMAS = {
  ErrorDetail: {
    type: 'object',
    description: 'One problem with one part of the request.',
    additionalProperties: false,
    required: ['message'],
    properties: {
      field: {
        type: 'string',
        description:
          'Where the problem is: a body field path (`phoneNumbers[0].phoneNumber`), a query parameter or a header.',
        example: 'email',
      },
      message: {
        type: 'string',
        description: 'What is wrong with it, for a person.',
        example: 'email must be an email',
      },
      position: {
        type: 'integer',
        minimum: 0,
        description: 'Zero-based character position inside a query-language expression, when known.',
      },
    },
  },
  Error: {
    type: 'object',
    description: 'The error body every service answers with.',
    additionalProperties: false,
    // The 400 of a request whose `email` is not one, as the validation pipe answers it.
    example: {
      status: 400,
      error: 'BAD_REQUEST',
      message: 'Invalid request: email is not valid.',
      details: [{ field: 'email', message: 'email must be an email' }],
      requestId: '0b7c5a0e-3f52-4a37-9d1c-7a6f8c0e2b4d',
    },
    required: ['status', 'error', 'message', 'details', 'requestId'],
    properties: {
      status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status, repeated.', example: 400 },
      error: {
        type: 'string',
        pattern: '^[A-Z0-9_]+$',
        description: 'The upper-snake form of the status’s reason phrase, e.g. `BAD_REQUEST`.',
        example: 'BAD_REQUEST',
      },
      message: {
        type: 'string',
        description: 'What went wrong, for a person.',
        example: 'Invalid request: email is not valid.',
      },
      details: {
        type: 'array',
        items: { $ref: '#/components/schemas/ErrorDetail' },
        description: 'One entry per problem; empty when there is nothing more to say.',
      },
      requestId: {
        type: 'string',
        description: 'The request id (X-Request-Id) that finds the request in the logs.',
        example: '0b7c5a0e-3f52-4a37-9d1c-7a6f8c0e2b4d',
      },
    },
  },
} as const;

/** Why a status is answered, as every operation's standard response says it. */
export const STANDARD_ERRORS: Record<string, { name: string; description: string }> = {
  '400': { name: 'BadRequest', description: 'The request is malformed: a field, parameter or filter is invalid.' },
  '401': { name: 'Unauthorized', description: 'Missing, malformed, unknown, expired or disabled credentials.' },
  '403': { name: 'Forbidden', description: 'The caller lacks a permission, or the tenant lacks the product.' },
  '404': { name: 'NotFound', description: 'No such object, or one of another tenant.' },
  '405': {
    name: 'MethodNotAllowed',
    description: 'The path exists but not with this method; Allow lists those it takes.',
  },
  '408': { name: 'RequestTimeout', description: 'The request body did not arrive in time; the connection is closed.' },
  '409': { name: 'Conflict', description: 'The request conflicts with the current state of the resource.' },
  '413': { name: 'PayloadTooLarge', description: 'The request body is too large.' },
  '414': { name: 'UriTooLong', description: 'The URL, or one of its path segments, is too long.' },
  '415': { name: 'UnsupportedMediaType', description: 'Unsupported Content-Type: send application/json.' },
  '429': { name: 'TooManyRequests', description: 'Rate limit exceeded: wait Retry-After seconds.' },
  '431': {
    name: 'RequestHeaderFieldsTooLarge',
    description: 'The request headers (or the query string) are too large.',
  },
  '503': {
    name: 'ServiceUnavailable',
    description: 'The service or its database is unavailable or overloaded: try again after Retry-After seconds.',
  },
  default: { name: 'UnexpectedError', description: 'Bad request, security violation, or internal server error.' },
};
