import { RangeNotSatisfiableError, etagOf, noneMatch, rangeStillApplies, resolveRange } from './http-range';

describe('resolveRange', () => {
  it.each([
    ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=10-10', { kind: 'partial', start: 10, end: 10 }],
    ['bytes=900-', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=990-5000', { kind: 'partial', start: 990, end: 999 }],
    ['bytes=-1', { kind: 'partial', start: 999, end: 999 }],
    ['bytes=-100', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['BYTES=0-1', { kind: 'partial', start: 0, end: 1 }],
    [' bytes=0-1 ', { kind: 'partial', start: 0, end: 1 }],
    ['bytes=0-99999999999999999999', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=1000-2000', { kind: 'unsatisfiable' }],
    ['bytes=99999999999999999999-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
  ])('reads %s of 1000 bytes', (header, expected) => {
    expect(resolveRange(header, 1000)).toEqual(expected);
  });

  it.each([
    undefined,
    '',
    'bytes=',
    'bytes=5-1',
    'bytes=a-b',
    'bytes=1-2-3',
    'bytes=0-1,5-6',
    'bytes=--1',
    'items=0-1',
    'bytes 0-1',
    'bytes=1.5-2',
  ])('ignores %s: the whole file', (header) => {
    expect(resolveRange(header, 1000)).toEqual({ kind: 'whole' });
  });

  it('finds nothing satisfiable in an empty file', () => {
    expect(resolveRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(resolveRange('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});

describe('conditional headers', () => {
  const etag = etagOf('abc');

  it('matches If-None-Match weakly, in lists and with *', () => {
    expect(etag).toBe('"abc"');
    for (const header of ['"abc"', 'W/"abc"', '"x", "abc"', '"x",W/"abc"', '*'])
      expect(noneMatch(header, etag)).toBe(true);
    for (const header of [undefined, '"ab"', 'abc', '"abc', '"x"']) expect(noneMatch(header, etag)).toBe(false);
  });

  it('applies a Range under If-Range only for the exact strong ETag', () => {
    expect(rangeStillApplies(undefined, etag)).toBe(true);
    expect(rangeStillApplies('"abc"', etag)).toBe(true);
    expect(rangeStillApplies('W/"abc"', etag)).toBe(false);
    expect(rangeStillApplies('Wed, 21 Oct 2015 07:28:00 GMT', etag)).toBe(false);
  });

  it('describes a 416 with Content-Range: bytes */size', () => {
    const error = new RangeNotSatisfiableError(1000);
    expect(error).toMatchObject({ status: 416, headers: { 'Content-Range': 'bytes */1000' } });
  });
});
