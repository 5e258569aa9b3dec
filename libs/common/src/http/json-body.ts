import type { FastifyRequest } from 'fastify';

/**
 * Whether the request carries a JSON body: the one kind of body Fastify reads whole (against
 * `BODY_LIMIT_BYTES` and the body timeout). Routes that stream files take other media types.
 */
export function hasJsonBody(request: FastifyRequest): boolean {
  const { headers } = request;
  if (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) return false;
  if (headers['content-length'] === '0') return false;
  const type = headers['content-type']?.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || (type?.endsWith('+json') ?? false);
}
