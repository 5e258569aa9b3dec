import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PayloadTooLargeError } from '../errors/api-error';
import { hasJsonBody } from './json-body';

/**
 * A body declared larger than its route takes is a 413 — sent once the body has been read to its
 * end and dropped, so that a client or proxy still sending it receives the 413 rather than a reset
 * connection (which a proxy answers with 502). Like nginx's lingering close, reading stops after
 * `OVERSIZED_BODY_LINGER_MS` in all or `OVERSIZED_BODY_IDLE_MS` without data; the answer then
 * closes the connection.
 */
export const OVERSIZED_BODY_LINGER_MS = 30_000;
export const OVERSIZED_BODY_IDLE_MS = 5_000;

function declaredLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
}

/** Reads the request's body and drops it; true once it ended, false when the time ran out. */
function drain(request: FastifyRequest): Promise<boolean> {
  const body = request.raw;
  return new Promise((resolve) => {
    let idle: NodeJS.Timeout;
    const finish = (ended: boolean) => {
      clearTimeout(total);
      clearTimeout(idle);
      body.off('data', onData);
      resolve(ended);
    };
    const onData = () => {
      clearTimeout(idle);
      idle = setTimeout(() => finish(false), OVERSIZED_BODY_IDLE_MS);
    };
    const total = setTimeout(() => finish(false), OVERSIZED_BODY_LINGER_MS);
    onData();
    body.on('data', onData);
    body.once('end', () => finish(true));
    body.once('error', () => finish(false));
    body.once('close', () => finish(body.readableEnded));
    body.resume();
  });
}

/** Installs the check for the JSON bodies of `fastify`'s routes. */
export function refuseOversizedBodies(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request, reply, payload) => {
    const length = declaredLength(request);
    const limit = request.routeOptions.bodyLimit ?? fastify.initialConfig.bodyLimit ?? 0;
    if (length === undefined || length <= limit || !hasJsonBody(request)) return payload;
    if (!(await drain(request))) void reply.header('connection', 'close');
    throw new PayloadTooLargeError(`The body is larger than the limit of ${limit} bytes.`);
  });
}
