import type { FastifyRequest } from 'fastify';
import { isStreamedBodyRoute } from './streamed-body';

/**
 * Whether the request carries a JSON body to be read whole (against `BODY_LIMIT_BYTES` and the
 * body timeout): the one kind of body the API parses. A `@StreamedBodyRoute()` takes its body as a
 * stream, whatever its type (an object of a bucket may well be JSON), with limits of its own.
 */
export function hasJsonBody(request: FastifyRequest): boolean {
  const { headers } = request;
  if (isStreamedBodyRoute(request)) return false;
  if (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) return false;
  if (headers['content-length'] === '0') return false;
  const type = headers['content-type']?.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || (type?.endsWith('+json') ?? false);
}
