import type { components } from './generated/account-hub';

/** One problem with one part of a request: a body field, a query parameter, a header. */
export type ApiErrorDetail = components['schemas']['ErrorDetail'];

/** The one error body every DialLink service answers with (the documents' `Error` schema). */
export type ApiErrorBody = components['schemas']['Error'];

function isErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    typeof value.status === 'number' &&
    'message' in value &&
    typeof value.message === 'string'
  );
}

/** Every answer that is not a 2xx, with the API's error body (or one made up when there was none). */
export class DialLinkError extends Error {
  override readonly name = 'DialLinkError';
  readonly status: number;
  readonly body: ApiErrorBody;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.status = body.status;
    this.body = body;
  }

  /** `error` is what openapi-fetch parsed of the answer's body (JSON, else its text). */
  static from(response: Response, error: unknown): DialLinkError {
    if (isErrorBody(error)) return new DialLinkError({ ...error, details: error.details ?? [] });
    const text = typeof error === 'string' && error.length > 0 ? error : response.statusText;
    return new DialLinkError({
      status: response.status,
      error: 'HTTP_ERROR',
      message: `${response.status}${text ? ` ${text}` : ''}`,
      details: [],
      requestId: response.headers.get('x-request-id') ?? '',
    });
  }

  /** The error in words for a person: the message, then each detail. */
  describe(): string {
    const details = this.body.details.map((detail) =>
      detail.field ? `${detail.field}: ${detail.message}` : detail.message,
    );
    return [this.body.message, ...details].join('\n');
  }
}
