import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, tap } from 'rxjs';
import { OPENAPI_MARKS } from '../openapi/finish-document';

@Injectable()
class LocationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      tap((body) => {
        const id = (body as { id?: unknown } | undefined)?.id;
        if (typeof id === 'string') {
          const collection = request.url.split('?')[0].replace(/\/+$/, '');
          void reply.header('Location', `${collection}/${encodeURIComponent(id)}`);
        }
      }),
    );
  }
}

/**
 * On a POST to a collection: `Location: <collection>/<id of the created object>`, documented on
 * the operation's 201.
 */
export const WithLocation = (): MethodDecorator & ClassDecorator =>
  applyDecorators(UseInterceptors(LocationInterceptor), ApiExtension(OPENAPI_MARKS.location, true));
