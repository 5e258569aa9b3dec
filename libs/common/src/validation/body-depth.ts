import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { BadRequestError } from '../errors/api-error';

/**
 * Deepest nesting of objects and arrays a JSON body may have. Every DTO of the API stays well
 * below it; far deeper bodies would exhaust the stack of the recursive DTO transformation and
 * validation (a 500), so they are refused before those run.
 */
export const MAX_BODY_DEPTH = 64;

/** What JSON parsing makes: arrays and plain objects (not a Buffer or a stream of a raw body). */
function isJsonContainer(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** The path of the first value nested deeper than `limit` (`menu.options[0].action…`), if any. Iterative. */
export function firstTooDeep(body: unknown, limit: number): string | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth } = next;
    if (!isJsonContainer(value)) continue;
    if (depth >= limit) return path;
    const entries = Array.isArray(value)
      ? value.map((item, index) => [`[${index}]`, item] as const)
      : Object.entries(value).map(([key, item]) => [path ? `.${key}` : key, item] as const);
    for (const [step, item] of entries) pending.push({ value: item, path: `${path}${step}`, depth: depth + 1 });
  }
  return undefined;
}

/** Refuses (400, naming where) a body nested deeper than MAX_BODY_DEPTH; runs before the validation pipe. */
@Injectable()
export class BodyDepthInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const path = firstTooDeep(context.switchToHttp().getRequest<FastifyRequest>().body, MAX_BODY_DEPTH);
    if (path !== undefined) {
      throw new BadRequestError(`The body nests too deep at ${path}.`, [
        { field: path, message: `nested more than ${MAX_BODY_DEPTH} levels deep` },
      ]);
    }
    return next.handle();
  }
}
