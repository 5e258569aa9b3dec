import { FastifyReply, FastifyRequest, LogController } from 'fastify';

/**
 * One access line per request, when its answer is out: `requestId`, `req` (method, the URL with
 * credential-like query values redacted, the client's address: the `req` serializer of
 * `createServiceApp`), `route` (the matched route's pattern), `res.statusCode` and `responseTime`
 * (ms), at `info` — at `error` with `err` when the answer failed. Fastify's default is two lines
 * (one on arrival, one on completion); the arrival line said nothing the completion line does not.
 * No headers, no bodies.
 */
export class AccessLog extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {
    // Said once, when the request is done (requestCompleted).
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, route: request.routeOptions.url, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
