/**
 * The one origin of a local stack: `/v1/<service>/…` is proxied, streamed both ways, to that
 * service's process (@fastify/http-proxy). In docker-compose nginx plays this part
 * (deploy/nginx/nginx.conf). Errors of its own use the API's error body.
 */
import { Server, createServer } from 'node:http';
import type { Socket } from 'node:net';
import proxy from '@fastify/http-proxy';
import Fastify, { FastifyInstance } from 'fastify';
import { ServiceName, errorCodeFor, requestIdFor } from '@diallink/common';

export type Upstreams = Record<ServiceName, string>;

/** The part of a Fastify reply an error needs (the proxy's replies are typed for HTTP/2 too). */
interface ErrorReply {
  code(status: number): ErrorReply;
  header(name: string, value: string): ErrorReply;
  send(body: unknown): unknown;
}

function sendError(request: { id: unknown }, reply: ErrorReply, status: number, message: string): void {
  reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send({ status, error: errorCodeFor(status), message, details: [], requestId: String(request.id) });
}

const LOWERCASE_METHOD = /^(get|head|post|put|patch|delete|options) /i;
const INTERNAL_PATH = /^\/v1\/[^/]+\/internal(\/|\?|$)/;

/**
 * The reference's examples use `curl --request get`, which sends the method in lower case; Node
 * (like nginx) refuses that as a malformed request. The first request line of each connection
 * gets its method upper-cased before Node parses it (one request per connection is what curl
 * sends; a lower-case method later on a kept-alive connection is still refused).
 */
export function acceptLowerCaseMethods(server: Server): Server {
  const parse = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    socket.once('readable', () => {
      const chunk = socket.read() as Buffer | null;
      if (chunk) {
        const head = chunk.subarray(0, 16).toString('latin1');
        const method = LOWERCASE_METHOD.exec(head)?.[1];
        socket.unshift(
          method ? Buffer.concat([Buffer.from(method.toUpperCase(), 'latin1'), chunk.subarray(method.length)]) : chunk,
        );
      }
      for (const listener of parse) listener.call(server, socket);
    });
  });
  return server;
}

export interface GatewayOptions {
  /** False while a service's process is down (the supervisor restarts it): 503 without trying it. */
  isUp?: (service: ServiceName) => boolean;
  /** Retry-After of that 503. */
  retryAfterSeconds?: (service: ServiceName) => number;
}

export async function createGateway(upstreams: Upstreams, options: GatewayOptions = {}): Promise<FastifyInstance> {
  const gateway = Fastify({
    serverFactory: (handler) => acceptLowerCaseMethods(createServer(handler)),
    logger: false,
    genReqId: requestIdFor,
    requestIdHeader: false,
    forceCloseConnections: 'idle',
  });
  gateway.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    // Internal routes are for the services themselves (service tokens), never for callers outside.
    if (INTERNAL_PATH.test(request.url)) return sendError(request, reply, 404, 'No such route.');
    const service = /^\/v1\/([^/?]+)/.exec(request.url)?.[1] as ServiceName | undefined;
    if (service && service in upstreams && options.isUp && !options.isUp(service)) {
      void reply.header('retry-after', String(options.retryAfterSeconds?.(service) ?? 1));
      return sendError(request, reply, 503, `The ${service} service is restarting: try again shortly.`);
    }
    done();
  });
  for (const [name, upstream] of Object.entries(upstreams)) {
    const prefix = `/v1/${name}`;
    await gateway.register(proxy, {
      upstream,
      prefix,
      rewritePrefix: prefix,
      replyOptions: {
        // The service logs under the same request id as the gateway answers with, and sees the
        // client's address (what a caller sent as X-Forwarded-For is replaced, not trusted).
        // `Expect: 100-continue` (curl sends it with bodies over 1 MB) is answered here, by Node's
        // server; undici refuses to forward it, and the request would end in a 502.
        rewriteRequestHeaders: (request, { expect: _answeredHere, ...headers }) => ({
          ...headers,
          'x-request-id': String(request.id),
          'x-forwarded-for': request.ip,
        }),
        onError: (reply, { error }) => {
          const code = (error as { code?: string; cause?: { code?: string } }).code;
          const causeCode = (error as { cause?: { code?: string } }).cause?.code;
          const timedOut = code === 'FST_REPLY_FROM_GATEWAY_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT';
          // Nobody listens (the process is starting or gone): unavailable for now, not broken.
          const refused = code === 'ECONNREFUSED' || causeCode === 'ECONNREFUSED';
          if (refused) reply.header('retry-after', '1');
          sendError(
            reply.request,
            reply,
            timedOut ? 504 : refused ? 503 : 502,
            timedOut
              ? `The ${name} service did not answer in time.`
              : refused
                ? `The ${name} service is not reachable: try again shortly.`
                : `The ${name} service is not reachable.`,
          );
        },
      },
    });
  }
  gateway.setNotFoundHandler((request, reply) =>
    sendError(
      request,
      reply,
      404,
      `No such route: ${request.method} ${request.url.split('?')[0]}. Paths start /v1/<service>/ with service one of ${Object.keys(upstreams).join(', ')}.`,
    ),
  );
  return gateway;
}
