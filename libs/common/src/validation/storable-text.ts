import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { BadRequestError } from '../errors/api-error';

/**
 * The one rule for text a client sends: it must be text PostgreSQL can store and UTF-8 can
 * carry — no NUL character (U+0000), no lone UTF-16 surrogate (`"\ud800"` in JSON). Anything
 * else would fail in the database (a 500) or be stored altered (a replacement character).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

function problem(value: string): string {
  return value.includes('\u0000')
    ? 'must not contain a NUL character (\\u0000)'
    : 'must not contain a lone UTF-16 surrogate';
}

/** The first string (value or key) of parsed JSON or a query that is not storable text, with its path. */
export function firstUnstorableText(input: unknown, root = ''): { field: string; message: string } | undefined {
  const pending: { value: unknown; path: string }[] = [{ value: input, path: root }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      if (!isStorableText(value)) return { field: path || 'body', message: `${path || 'the body'} ${problem(value)}` };
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, path: `${path}[${index}]` }));
    } else if (
      value !== null &&
      typeof value === 'object' &&
      !Buffer.isBuffer(value) &&
      typeof (value as { pipe?: unknown }).pipe !== 'function'
    ) {
      for (const [key, item] of Object.entries(value)) {
        const field = path ? `${path}.${key}` : key;
        if (!isStorableText(key)) return { field, message: `the name of ${field} ${problem(key)}` };
        pending.push({ value: item, path: field });
      }
    }
  }
  return undefined;
}

/**
 * Refuses (400, naming the field) a JSON body or query string holding text that is not storable;
 * runs before the validation pipe and before the query layer, on every route of every service.
 */
@Injectable()
export class StorableTextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const found =
      firstUnstorableText(request.body) ?? firstUnstorableText(request.query) ?? firstUnstorableText(request.params);
    if (found) throw new BadRequestError(`Invalid request: ${found.field} is not valid.`, [found]);
    return next.handle();
  }
}
