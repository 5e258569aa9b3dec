import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { toErrorBody } from '../errors/exception-mapping';

const MESSAGES: Record<number, string> = {
  400: 'The request is malformed.',
  408: 'The request did not arrive in time.',
  414: 'A path segment is too long.',
  431: 'The request line or headers are too large.',
};

const bodyFor = (status: number, message: string, requestId: string) =>
  JSON.stringify(toErrorBody({ status, message, details: [], headers: {}, unexpected: false }, requestId));

/**
 * Requests Fastify refuses before routing (a path that is not valid percent-encoded UTF-8, a
 * path segment over the length limit) get the one error body, not Fastify's own.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
  const message = error.code === 'FST_ERR_BAD_URL' ? 'The path is not valid percent-encoded UTF-8.' : MESSAGES[status];
  void reply
    .status(status)
    .headers({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-request-id': request.id,
    })
    .send(bodyFor(status, message, String(request.id)));
}

/**
 * What Node's HTTP parser refuses before Fastify sees a request (headers or request line too
 * large, malformed request, headers too slow): the one error body, then the connection closes.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = bodyFor(status, MESSAGES[status], randomUUID());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
