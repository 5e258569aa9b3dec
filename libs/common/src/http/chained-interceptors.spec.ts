import { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { Observable, lastValueFrom, map, of } from 'rxjs';
import { ChainedInterceptors } from './chained-interceptors';

const context = {} as ExecutionContext;

function recording(name: string, calls: string[], fail = false): NestInterceptor {
  return {
    intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
      calls.push(name);
      if (fail) throw new Error(`${name} refused`);
      return next.handle().pipe(map((value) => `${name}(${String(value)})`));
    },
  };
}

describe('ChainedInterceptors', () => {
  it('runs the interceptors in order around the handler, as Nest runs them one by one', async () => {
    const calls: string[] = [];
    const chained = new ChainedInterceptors(recording('a', calls), recording('b', calls));
    const handler: CallHandler = { handle: () => (calls.push('handler'), of('x')) };
    expect(await lastValueFrom(chained.intercept(context, handler))).toBe('a(b(x))');
    expect(calls).toEqual(['a', 'b', 'handler']);
  });

  it('stops at the first interceptor that throws: the next ones and the handler do not run', () => {
    const calls: string[] = [];
    const chained = new ChainedInterceptors(recording('a', calls, true), recording('b', calls));
    expect(() => chained.intercept(context, { handle: () => (calls.push('handler'), of('x')) })).toThrow('a refused');
    expect(calls).toEqual(['a']);
  });

  it('takes an interceptor that answers with a promise', async () => {
    const later: NestInterceptor = { intercept: async (_context, next) => next.handle() };
    const chained = new ChainedInterceptors(later, recording('b', []));
    expect(await lastValueFrom(chained.intercept(context, { handle: () => of('x') }))).toBe('b(x)');
  });
});
