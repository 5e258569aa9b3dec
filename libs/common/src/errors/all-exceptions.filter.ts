import { ArgumentsHost, Catch, ExceptionFilter, Logger, LoggerService } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MethodNotAllowedError } from './api-error';
import { mapException, toErrorBody } from './exception-mapping';
import { errorForLog, redactUrl } from '../logging/log-safety';
import type { RouteTable } from '../http/route-table';

/**
 * The one place where every error of a service becomes the error body of API.md §4: DTO
 * validation, domain errors, Prisma's client errors, Fastify's parser errors, unknown routes
 * (404), known paths with another method (405 with `Allow`) and real faults (500, logged, with
 * nothing of their internals in the body).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  /**
   * `logger`: the application's own (its pino, its log stream), not Nest's static one, which is the
   * last application's when several run in one process (tests).
   */
  constructor(
    private readonly routes: RouteTable,
    private readonly logger: LoggerService = new Logger('Exceptions'),
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();

    const mapped = mapException(this.asMethodNotAllowed(exception, request) ?? exception);
    if (mapped.unexpected || mapped.status === 503) {
      // The shape of the failure, never the values a request carried (see log-safety.ts).
      const line = {
        error: errorForLog(exception),
        requestId: request.id,
        method: request.method,
        url: redactUrl(request.url),
      };
      if (mapped.unexpected) this.logger.error({ msg: 'request failed', ...line }, 'Exceptions');
      else this.logger.warn({ msg: 'service unavailable', ...line }, 'Exceptions');
    }
    if (reply.sent) return;
    const body = toErrorBody(mapped, String(request.id));
    void reply
      .status(body.status)
      .headers({ ...mapped.headers, 'content-type': 'application/json; charset=utf-8' })
      .send(body);
  }

  /** A request that matched no route but whose path exists under other methods is a 405, not a 404. */
  private asMethodNotAllowed(exception: unknown, request: FastifyRequest): MethodNotAllowedError | undefined {
    const status = (exception as { getStatus?: () => number }).getStatus?.();
    if (status !== 404 || request.routeOptions?.url !== undefined) return undefined;
    const path = request.url.split('?')[0];
    const allowed = this.routes.allowedMethods(path);
    if (allowed.length === 0 || allowed.includes(request.method)) return undefined;
    return new MethodNotAllowedError(request.method, path, allowed);
  }
}
