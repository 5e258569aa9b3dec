import { firstTooDeep } from './body-depth';

describe('firstTooDeep', () => {
  it('names the first value nested deeper than the limit', () => {
    expect(firstTooDeep({ a: [{ b: 1 }] }, 3)).toBeUndefined();
    expect(firstTooDeep({ a: [{ b: {} }] }, 3)).toBe('a[0].b');
    expect(firstTooDeep([[[]]], 2)).toBe('[0][0]');
    expect(firstTooDeep('text', 0)).toBeUndefined();
  });

  it('looks only into what JSON parsing makes, not into a raw body', () => {
    expect(firstTooDeep(Buffer.alloc(1_000_000), 1)).toBeUndefined();
    expect(firstTooDeep(new Map([['a', { b: {} }]]), 1)).toBeUndefined();
    expect(firstTooDeep(Object.assign(Object.create(null) as object, { a: {} }), 1)).toBe('a');
  });

  it('walks a body far deeper than the call stack allows without overflowing', () => {
    let body: unknown = {};
    for (let i = 0; i < 100_000; i++) body = { a: body };
    expect(firstTooDeep(body, 64)).toBe(Array.from({ length: 64 }, () => 'a').join('.'));
  });
});
