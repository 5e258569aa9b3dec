/**
 * The floor's HTTP helpers: JSON in and out, and the API's one error body (the same fields and
 * codes as libs/common's exception filter: status, error, message, details, requestId).
 */
import { randomUUID } from 'node:crypto';
import { IncomingMessage, STATUS_CODES, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: { field?: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** `NOT_FOUND` for 404: the reason phrase in upper snake case, as libs/common's errorCodeFor. */
function errorCode(status: number): string {
  const phrase = STATUS_CODES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
  return phrase
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  const known = error instanceof HttpError ? error : undefined;
  const status = known?.status ?? 500;
  const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
  sendJson(res, status, {
    status,
    error: errorCode(status),
    message: known?.message ?? 'Internal server error.',
    details: known?.details ?? [],
    requestId,
  });
  if (!known)
    process.stderr.write(`floor: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
}

const BODY_LIMIT = 1_048_576;

export function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) reject(new HttpError(413, 'The request body is too large.'));
      else chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      try {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (body === null || typeof body !== 'object' || Array.isArray(body)) {
          reject(new HttpError(400, 'The request body must be a JSON object.'));
        } else resolve(body as Record<string, unknown>);
      } catch {
        reject(new HttpError(400, 'The request body is not valid JSON.'));
      }
    });
  });
}
