import { RequestListener, Server, createServer } from 'node:http';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { num } from 'envalid';
import { RequestTimeoutError } from '../errors/api-error';
import { hasJsonBody } from './json-body';

/**
 * How long a connection may take over each part of an exchange, the same at the services and at
 * the gateway. A client that is too slow is answered 408 (when it still can be) and disconnected.
 */
export interface HttpTimeouts {
  /** The request line and headers must arrive within this (ms). */
  headersMs: number;
  /**
   * A JSON body must arrive within this (ms) of the request's headers. Routes that stream a file
   * (uploads) are the named exception: they only have the idle timeout, so a large upload on a
   * slow link may take as long as it keeps sending.
   */
  bodyMs: number;
  /** A kept-alive connection with no request in flight is closed after this (ms). */
  keepAliveMs: number;
  /**
   * A connection on which no byte moves either way for this long is closed (ms): a stalled
   * upload, a download nobody reads, a handler that never answers. Streams that stay quiet on
   * purpose (the Server-Sent Events feeds) send heartbeats more often than this.
   */
  idleMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 10_000,
  bodyMs: 30_000,
  keepAliveMs: 5_000,
  idleMs: 60_000,
};

/** The settings of `HttpTimeouts`, for a config spec (the services' `baseConfigSpec`, the gateway). */
export const httpTimeoutsSpec = {
  HTTP_HEADERS_TIMEOUT_MS: num({
    default: DEFAULT_HTTP_TIMEOUTS.headersMs,
    desc: 'Time to receive request headers (ms)',
  }),
  HTTP_BODY_TIMEOUT_MS: num({
    default: DEFAULT_HTTP_TIMEOUTS.bodyMs,
    desc: 'Time to receive a JSON body (ms); streamed uploads only have the idle timeout',
  }),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: num({
    default: DEFAULT_HTTP_TIMEOUTS.keepAliveMs,
    desc: 'An idle kept-alive connection is closed after this (ms)',
  }),
  HTTP_IDLE_TIMEOUT_MS: num({
    default: DEFAULT_HTTP_TIMEOUTS.idleMs,
    desc: 'A connection with no traffic either way is closed after this (ms)',
  }),
};

export type HttpTimeoutSettings = Partial<Record<keyof typeof httpTimeoutsSpec, number>>;

export function httpTimeoutsFrom(settings: HttpTimeoutSettings): HttpTimeouts {
  return {
    headersMs: settings.HTTP_HEADERS_TIMEOUT_MS ?? DEFAULT_HTTP_TIMEOUTS.headersMs,
    bodyMs: settings.HTTP_BODY_TIMEOUT_MS ?? DEFAULT_HTTP_TIMEOUTS.bodyMs,
    keepAliveMs: settings.HTTP_KEEP_ALIVE_TIMEOUT_MS ?? DEFAULT_HTTP_TIMEOUTS.keepAliveMs,
    idleMs: settings.HTTP_IDLE_TIMEOUT_MS ?? DEFAULT_HTTP_TIMEOUTS.idleMs,
  };
}

/**
 * An HTTP server with the headers, keep-alive and idle timeouts. Node's `requestTimeout` (the
 * whole request, 5 minutes by default) is off: it cannot make an exception for uploads, so a
 * body's time is `limitBodyTime`'s, per request.
 */
export function createHttpServer(handler: RequestListener, timeouts: HttpTimeouts): Server {
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: 0,
      keepAliveTimeout: timeouts.keepAliveMs,
      // How often Node looks for connections past the headers timeout (30 s by default).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, timeouts.headersMs / 2)),
    },
    handler,
  );
  server.setTimeout(timeouts.idleMs);
  return server;
}

/**
 * A JSON body must be complete within `bodyMs` of its headers, or the request is answered
 * 408 and the connection closed. Bodies of other types are the streaming routes' (they stream
 * files and have the idle timeout only).
 */
export function limitBodyTime(fastify: FastifyInstance, bodyMs: number): void {
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    if (!hasJsonBody(request) || request.raw.readableEnded) return done(null, payload);
    const body = new PassThrough();
    const timer = setTimeout(() => {
      payload.unpipe(body);
      body.destroy(new RequestTimeoutError(`The request body did not arrive within ${bodyMs / 1000} s.`));
    }, bodyMs);
    payload.once('end', () => clearTimeout(timer));
    payload.once('close', () => clearTimeout(timer));
    payload.pipe(body);
    done(null, body);
  });
}
