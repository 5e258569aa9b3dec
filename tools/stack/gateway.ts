/**
 * The one origin of a local stack: `/v1/<service>/…` is proxied, streamed both ways, to that
 * service's process — on its Unix socket when it has one (`npm start` gives each service one,
 * SOCKET_PATH), else on its TCP port. In docker-compose nginx plays this part
 * (deploy/nginx/nginx.conf).
 *
 * The proxy is a few lines of `node:http` over kept-alive connections: measured against
 * @fastify/http-proxy on this machine (16 connections, a small JSON answer) it takes about a
 * third less CPU per request and answers 1.5 times as many. The gateway's own answers — errors
 * in the API's error body, routes of its own — come from a Fastify instance that owns the server.
 */
import { Agent, ClientRequest, IncomingMessage, Server, ServerResponse, request } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import {
  DEFAULT_HTTP_TIMEOUTS,
  HttpTimeouts,
  ServiceName,
  createHttpServer,
  errorCodeFor,
  requestIdFor,
} from '@diallink/common';
import { registerApiReference } from './api-reference';
import { CONSOLE_HEADERS } from '../../apps/console/serving';

export type Upstreams = Record<ServiceName, string>;

const LOWERCASE_METHOD = /^(get|head|post|put|patch|delete|options) /i;
const SERVICE_PATH = /^\/v1\/([^/?#]+)/;
const INTERNAL_PATH = /^\/v1\/[^/]+\/internal(\/|\?|$)/;

/**
 * Headers of one hop only (RFC 9110 §7.6.1), not forwarded. `Expect: 100-continue` (curl sends it
 * with bodies over 1 MB) is answered by this server; `Transfer-Encoding` is kept, Node frames the
 * body the same way on the next hop.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'expect']);

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
    // Until it is Node's, a connection that sends nothing has the headers' time.
    socket.setTimeout(server.headersTimeout, () => socket.destroy());
    socket.once('readable', () => {
      socket.setTimeout(0);
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
  /** The Retry-After of that 503, in seconds (default 1). */
  retryAfterSeconds?: (service: ServiceName) => number;
  /** The gateway's timeouts: headers, keep-alive and idle (a body's time is the service's to judge). */
  timeouts?: HttpTimeouts;
  /** How long an answer from a service may take to begin (ms, default 60 s): then 504. */
  upstreamTimeoutMs?: number;
  /** How long a new connection to a service may take to open (ms, default 5 s): then 503. */
  connectTimeoutMs?: number;
  /** The built web console (dist/apps/console), served at /console/ when given. */
  consoleDir?: string;
  /**
   * Unix sockets the services listen on besides their TCP ports (SOCKET_PATH): when a service has
   * one, the gateway reaches it there — cheaper than a loopback TCP connection for both processes.
   */
  socketPaths?: Partial<Record<ServiceName, string>>;
}

/** The console's files, with the headers the console asks for (CONSOLE_HEADERS). */
async function serveConsole(gateway: FastifyInstance, root: string): Promise<void> {
  await gateway.register(fastifyStatic, {
    root,
    prefix: '/console/',
    cacheControl: false,
    setHeaders: (reply) => void reply.headers(CONSOLE_HEADERS),
  });
  gateway.get('/console', (_request, reply) => reply.redirect('/console/', 301));
}

function errorBody(status: number, message: string, requestId: string): string {
  return JSON.stringify({ status, error: errorCodeFor(status), message, details: [], requestId });
}

function sendError(
  response: ServerResponse,
  requestId: string,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = errorBody(status, message, requestId);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
  });
  response.end(body);
}

/** Headers the gateway sets itself on the request to a service: what a caller sent as these is dropped. */
const REPLACED_ON_REQUEST = new Set([...HOP_BY_HOP, 'x-request-id', 'x-forwarded-for']);
/** Headers the gateway sets itself on the answer. */
const REPLACED_ON_ANSWER = new Set([...HOP_BY_HOP, 'x-request-id']);

/**
 * The headers for the service, as a raw list (name, value, name, value…: Node writes it as it is,
 * without an object to build and check header by header): the client's, as sent, less one hop's,
 * with the request id and the client's address. A duplicate header goes on as sent; the service's
 * parser merges it the way the gateway's would have.
 */
function forwardedHeaders(incoming: IncomingMessage, requestId: string, upstream: Upstream): string[] {
  const raw = incoming.rawHeaders;
  const headers: string[] = [];
  let host = false;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index].toLowerCase();
    if (REPLACED_ON_REQUEST.has(name)) continue;
    if (name === 'host') host = true;
    headers.push(raw[index], raw[index + 1]);
  }
  // An HTTP/1.0 client may send none; Node adds one to an object of headers, not to a list.
  if (!host) headers.push('host', upstream.hostHeader);
  // The service logs under the same request id as the gateway answers with, and sees the client's
  // address (what a caller sent as X-Forwarded-For is replaced, not trusted).
  headers.push('x-request-id', requestId, 'x-forwarded-for', incoming.socket.remoteAddress ?? '');
  return headers;
}

/** The service's answer's headers for the client, as a raw list, less one hop's, with the request id. */
function answerHeaders(upstream: IncomingMessage, requestId: string, close: boolean): string[] {
  const raw = upstream.rawHeaders;
  const headers: string[] = [];
  for (let index = 0; index < raw.length; index += 2) {
    if (!REPLACED_ON_ANSWER.has(raw[index].toLowerCase())) headers.push(raw[index], raw[index + 1]);
  }
  headers.push('x-request-id', requestId);
  if (close) headers.push('connection', 'close');
  return headers;
}

interface Upstream {
  name: ServiceName;
  host: string;
  port: number;
  /** The service's Unix socket, used instead of host and port when given. */
  socketPath?: string;
  /** `host:port`, for a request that came without a Host header. */
  hostHeader: string;
}

/** How the gateway reaches the services (shared by every request). */
interface Forwarding {
  /** Kept-alive connections to the services. */
  pooled: Agent;
  /** A connection of its own for the one retry after a pooled connection failed. */
  fresh: Agent;
  upstreamTimeoutMs: number;
  retryAfterSeconds: (service: ServiceName) => number;
}

/**
 * The service's answer's body to the client, with backpressure: what `pipe` does for this one
 * pair, without its bookkeeping (eight listeners added and removed per answer). A client that went
 * away takes the request to the service with it (`forward`), so nothing waits on it for long.
 */
function forwardBody(from: IncomingMessage, to: ServerResponse): void {
  const resume = () => from.resume();
  from.on('data', (chunk: Buffer) => {
    if (!to.write(chunk)) {
      from.pause();
      to.once('drain', resume);
    }
  });
  from.on('end', () => {
    if (!to.destroyed) to.end();
  });
  from.on('error', () => to.destroy());
  from.on('aborted', () => to.destroy());
}

/**
 * An agent whose new connections have `connectTimeoutMs` to open. On loopback a connection opens
 * at once or is refused; one that hangs is a service that cannot take it (a full backlog), which
 * is destroyed with a ConnectTimeout (503), not waited for the whole upstream timeout. Armed once
 * per connection here rather than per request on the request's `socket` event.
 */
class UpstreamAgent extends Agent {
  constructor(
    options: ConstructorParameters<typeof Agent>[0],
    private readonly connectTimeoutMs: number,
  ) {
    super(options);
  }

  override createConnection(...args: Parameters<Agent['createConnection']>): Socket {
    const socket = (
      Agent.prototype as unknown as { createConnection: (...a: unknown[]) => Socket }
    ).createConnection.apply(this, args);
    const timer = setTimeout(() => socket.destroy(new ConnectTimeout('connect timeout')), this.connectTimeoutMs);
    socket.once('connect', () => clearTimeout(timer));
    socket.once('close', () => clearTimeout(timer));
    return socket;
  }
}

/** Methods a service may receive twice with the same effect as once (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** The body of an idempotent request is kept up to this size to be sent again on a retry. */
const REPLAY_LIMIT_BYTES = 1024 * 1024;

/** The error a connection that did not open within `connectTimeoutMs` fails with. */
class ConnectTimeout extends Error {
  readonly code = 'ECONNTIMEOUT';
}

const declaresBody = (incoming: IncomingMessage) =>
  incoming.headers['transfer-encoding'] !== undefined ||
  (incoming.headers['content-length'] !== undefined && incoming.headers['content-length'] !== '0');

/**
 * Forwards one request to `upstream` and its answer back, or answers an error of the gateway's
 * own. A pooled connection can turn out dead only once used (the service was killed, or closed
 * it just then): a request that fails on one before any byte of an answer is sent once more on a
 * fresh connection when that is safe — an idempotent method (its body, if any, is replayed), or
 * a body none of which reached the service — and answered 502 otherwise. Nothing listening (the
 * process is starting or gone) is a 503 with Retry-After, never a dropped client connection.
 */
function forward(
  incoming: IncomingMessage,
  response: ServerResponse,
  upstream: Upstream,
  forwarding: Forwarding,
  requestId: string,
): void {
  const idempotent = IDEMPOTENT.has(incoming.method ?? '');
  const hasBody = declaresBody(incoming);
  /** The body forwarded so far, while it may still be sent again (idempotent and small enough). */
  let replay: Buffer[] | undefined = idempotent ? [] : undefined;
  let replayBytes = 0;
  let bodyForwarded = false;
  let settled = false;
  let current: ClientRequest | undefined;

  const answer = (status: number, message: string, headers?: Record<string, string>) => {
    settled = true;
    if (!response.destroyed) sendError(response, requestId, status, message, headers);
  };
  const unavailable = (message: string) =>
    answer(503, message, { 'retry-after': String(forwarding.retryAfterSeconds(upstream.name)) });

  if (hasBody) {
    incoming.on('data', (chunk: Buffer) => {
      bodyForwarded = true;
      if (!replay) return;
      replayBytes += chunk.length;
      if (replayBytes > REPLAY_LIMIT_BYTES) replay = undefined;
      else replay.push(chunk);
    });
  }

  const attempt = (retry: boolean) => {
    const outgoing = request({
      agent: retry ? forwarding.fresh : forwarding.pooled,
      ...(upstream.socketPath ? { socketPath: upstream.socketPath } : { host: upstream.host, port: upstream.port }),
      method: incoming.method,
      path: incoming.url,
      headers: forwardedHeaders(incoming, requestId, upstream),
      timeout: forwarding.upstreamTimeoutMs,
    });
    current = outgoing;
    let answered = false;
    outgoing.on('response', (upstreamAnswer) => {
      answered = true;
      // Answered before the client finished sending (a 408, a 413): the rest is not worth reading.
      const headers = answerHeaders(upstreamAnswer, requestId, !incoming.complete);
      response.writeHead(upstreamAnswer.statusCode ?? 502, upstreamAnswer.statusMessage, headers);
      forwardBody(upstreamAnswer, response);
    });
    outgoing.on('timeout', () => {
      if (!answered && !settled) answer(504, `The ${upstream.name} service did not answer in time.`);
      outgoing.destroy();
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (settled || response.writableFinished) return;
      if (answered || response.headersSent) {
        // The answer had begun: the client cannot be told otherwise than by a cut connection.
        settled = true;
        response.destroy();
        return;
      }
      const safe = idempotent ? replay !== undefined : hasBody && !bodyForwarded;
      if (!retry && outgoing.reusedSocket && safe) {
        incoming.unpipe(outgoing);
        attempt(true);
        return;
      }
      // A service's socket file is missing (ENOENT) before it listens and after it stopped.
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT' || error instanceof ConnectTimeout) {
        // Nobody listens (the process is starting or gone): unavailable for now, not broken.
        unavailable(`The ${upstream.name} service is not reachable: try again shortly.`);
      } else {
        answer(502, `The ${upstream.name} service failed before answering.`);
      }
    });
    if (retry) {
      for (const chunk of replay ?? []) outgoing.write(chunk);
    }
    // Without a body (most requests), nothing is piped: the request is complete as it is.
    if (!hasBody || incoming.readableEnded) outgoing.end();
    else {
      // The service's headers timeout runs from its connection's start: the headers go now, not
      // with a body's first chunk, which a client streaming an upload may send much later.
      outgoing.flushHeaders();
      incoming.pipe(outgoing);
    }
  };

  // A client that goes away takes its request to the service with it.
  response.on('close', () => {
    if (!response.writableFinished) {
      settled = true;
      current?.destroy();
    }
  });
  attempt(false);
}

export async function createGateway(upstreams: Upstreams, options: GatewayOptions = {}): Promise<FastifyInstance> {
  const targets = new Map<string, Upstream>(
    Object.entries(upstreams).map(([name, url]) => {
      const { hostname, port, host } = new URL(url);
      const socketPath = options.socketPaths?.[name as ServiceName];
      return [name, { name: name as ServiceName, host: hostname, port: Number(port), hostHeader: host, socketPath }];
    }),
  );
  // Node closes an idle pooled connection just before the service's announced `Keep-Alive:
  // timeout`, so a reused connection is rarely one the service is closing; one whose process died
  // is the case `forward` retries.
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const forwarding: Forwarding = {
    pooled: new UpstreamAgent({ keepAlive: true, scheduling: 'lifo' }, connectTimeoutMs),
    fresh: new UpstreamAgent({ keepAlive: false }, connectTimeoutMs),
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? 60_000,
    retryAfterSeconds: (service) => options.retryAfterSeconds?.(service) ?? 1,
  };

  let own: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  const route = (incoming: IncomingMessage, response: ServerResponse) => {
    const service = SERVICE_PATH.exec(incoming.url ?? '')?.[1];
    const upstream = service === undefined ? undefined : targets.get(service);
    if (!upstream) return own?.(incoming, response);
    const requestId = requestIdFor(incoming);
    // Internal routes are for the services themselves (service tokens), never for callers outside.
    if (INTERNAL_PATH.test(incoming.url ?? '')) return sendError(response, requestId, 404, 'No such route.');
    if (options.isUp && !options.isUp(upstream.name)) {
      return sendError(response, requestId, 503, `The ${upstream.name} service is restarting: try again shortly.`, {
        'retry-after': String(forwarding.retryAfterSeconds(upstream.name)),
      });
    }
    forward(incoming, response, upstream, forwarding, requestId);
  };

  const gateway = Fastify({
    serverFactory: (handler) => {
      own = handler;
      return acceptLowerCaseMethods(createHttpServer(route, options.timeouts ?? DEFAULT_HTTP_TIMEOUTS));
    },
    logger: false,
    genReqId: requestIdFor,
    requestIdHeader: false,
    forceCloseConnections: 'idle',
  });
  gateway.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  gateway.addHook('onClose', (_instance, done) => {
    forwarding.pooled.destroy();
    forwarding.fresh.destroy();
    done();
  });
  registerApiReference(gateway, upstreams);
  if (options.consoleDir) await serveConsole(gateway, options.consoleDir);
  gateway.setNotFoundHandler((request, reply) => {
    const status = 404;
    void reply
      .code(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(
        errorBody(
          status,
          `No such route: ${request.method} ${request.url.split('?')[0]}. Paths start /v1/<service>/ with service one of ${Object.keys(upstreams).join(', ')}.`,
          String(request.id),
        ),
      );
  });
  return gateway;
}
