import {
  DownloadConditions,
  RangeNotSatisfiableError,
  StoredFile,
  answerDownload,
  downloadConditions,
  etagOf,
  modifiedSince,
  noneMatch,
  rangeStillApplies,
  resolveRange,
} from './ranges';

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

  it('applies a Range under a dated If-Range only while Last-Modified is that date, to the second', () => {
    const lastModified = new Date('2026-01-15T09:30:00.750Z');
    expect(rangeStillApplies('Thu, 15 Jan 2026 09:30:00 GMT', etag, lastModified)).toBe(true);
    expect(rangeStillApplies('Thu, 15 Jan 2026 09:29:59 GMT', etag, lastModified)).toBe(false);
    expect(rangeStillApplies('Thu, 15 Jan 2026 09:30:01 GMT', etag, lastModified)).toBe(false);
    expect(rangeStillApplies('yesterday', etag, lastModified)).toBe(false);
    expect(rangeStillApplies('"abc"', etag, lastModified)).toBe(true);
  });

  it('reads If-Modified-Since to the second, and ignores what is no date', () => {
    const lastModified = new Date('2026-01-15T09:30:00.750Z');
    expect(modifiedSince('Thu, 15 Jan 2026 09:30:00 GMT', lastModified)).toBe(false);
    expect(modifiedSince('Fri, 16 Jan 2026 00:00:00 GMT', lastModified)).toBe(false);
    expect(modifiedSince('Thu, 15 Jan 2026 09:29:59 GMT', lastModified)).toBe(true);
    expect(modifiedSince('not a date', lastModified)).toBe(true);
    expect(modifiedSince(undefined, lastModified)).toBe(true);
    expect(modifiedSince('Fri, 16 Jan 2026 00:00:00 GMT', undefined)).toBe(true);
  });

  it('describes a 416 with Content-Range: bytes */size', () => {
    const error = new RangeNotSatisfiableError(1000);
    expect(error).toMatchObject({
      status: 416,
      message: 'The requested range is not satisfiable: the file has 1000 bytes (positions 0 to 999).',
      headers: { 'Content-Range': 'bytes */1000' },
    });
    expect(new RangeNotSatisfiableError(10, 'recording').message).toMatch(/the recording has 10 bytes/);
    expect(new RangeNotSatisfiableError(0, 'object')).toMatchObject({
      message: 'The requested range is not satisfiable: the object is empty.',
      headers: { 'Content-Range': 'bytes */0' },
    });
  });
});

describe('downloadConditions', () => {
  it('reads the four headers it knows and no other', () => {
    expect(
      downloadConditions({
        range: 'bytes=0-1',
        'if-none-match': '"a", "b"',
        'if-modified-since': 'Thu, 15 Jan 2026 09:30:00 GMT',
        'if-range': '"a"',
        'if-match': '"ignored"',
      }),
    ).toEqual({
      range: 'bytes=0-1',
      ifNoneMatch: '"a", "b"',
      ifModifiedSince: 'Thu, 15 Jan 2026 09:30:00 GMT',
      ifRange: '"a"',
    });
    expect(downloadConditions({})).toEqual({});
  });
});

describe('answerDownload', () => {
  const lastModified = new Date('2026-01-15T09:30:00.000Z');
  const file: StoredFile = {
    sizeBytes: 1000,
    etag: etagOf('abc'),
    lastModified,
    headers: { 'Cache-Control': 'private, no-cache' },
    contentHeaders: { 'Content-Type': 'application/pdf' },
    noun: 'object',
  };
  const answer = (conditions: DownloadConditions, of: StoredFile = file) => answerDownload(conditions, of);

  it('answers the whole file with its validators and content headers', () => {
    expect(answer({})).toEqual({
      status: 200,
      headers: {
        ETag: '"abc"',
        'Last-Modified': 'Thu, 15 Jan 2026 09:30:00 GMT',
        'Cache-Control': 'private, no-cache',
        'Content-Type': 'application/pdf',
        'Accept-Ranges': 'bytes',
        'Content-Length': '1000',
      },
    });
  });

  it('answers a satisfiable range with 206, its length and Content-Range', () => {
    expect(answer({ range: 'bytes=100-199' })).toEqual({
      status: 206,
      headers: expect.objectContaining({
        ETag: '"abc"',
        'Content-Type': 'application/pdf',
        'Content-Length': '100',
        'Content-Range': 'bytes 100-199/1000',
      }),
      range: { start: 100, end: 199 },
    });
  });

  it('throws a 416 naming the file for an unsatisfiable range', () => {
    expect(() => answer({ range: 'bytes=1000-' })).toThrow(new RangeNotSatisfiableError(1000, 'object'));
  });

  it('answers 304 with the validators and the headers of every answer, but no content headers', () => {
    const notModified = {
      status: 304,
      headers: {
        ETag: '"abc"',
        'Last-Modified': 'Thu, 15 Jan 2026 09:30:00 GMT',
        'Cache-Control': 'private, no-cache',
      },
    };
    expect(answer({ ifNoneMatch: 'W/"abc"' })).toEqual(notModified);
    expect(answer({ ifModifiedSince: 'Thu, 15 Jan 2026 09:30:00 GMT' })).toEqual(notModified);
    // A 304 wins over a Range (and over an unsatisfiable one).
    expect(answer({ ifNoneMatch: '"abc"', range: 'bytes=5000-' })).toEqual(notModified);
  });

  it('lets If-None-Match decide when both conditions are sent (RFC 9110 §13.2.2)', () => {
    const since = 'Fri, 16 Jan 2026 00:00:00 GMT';
    expect(answer({ ifNoneMatch: '"other"', ifModifiedSince: since }).status).toBe(200);
    expect(answer({ ifNoneMatch: '"abc"', ifModifiedSince: 'Wed, 14 Jan 2026 00:00:00 GMT' }).status).toBe(304);
    expect(answer({ ifModifiedSince: 'Wed, 14 Jan 2026 00:00:00 GMT' }).status).toBe(200);
  });

  it('sends the whole file when If-Range names another version', () => {
    expect(answer({ range: 'bytes=0-9', ifRange: '"old"' }).status).toBe(200);
    expect(answer({ range: 'bytes=0-9', ifRange: 'Wed, 14 Jan 2026 00:00:00 GMT' }).status).toBe(200);
    expect(answer({ range: 'bytes=0-9', ifRange: 'Thu, 15 Jan 2026 09:30:00 GMT' }).status).toBe(206);
    expect(answer({ range: 'bytes=0-9', ifRange: '"abc"' }).status).toBe(206);
  });

  it('sends no Last-Modified and ignores dates when the modification time is unknown', () => {
    const undated: StoredFile = { sizeBytes: 10, etag: '"abc"' };
    expect(answer({ ifModifiedSince: 'Fri, 16 Jan 2099 00:00:00 GMT' }, undated)).toEqual({
      status: 200,
      headers: { ETag: '"abc"', 'Accept-Ranges': 'bytes', 'Content-Length': '10' },
    });
    expect(answer({ range: 'bytes=0-1', ifRange: 'Fri, 16 Jan 2099 00:00:00 GMT' }, undated).status).toBe(200);
  });

  it('answers an empty file whole, and any range of it with 416', () => {
    const empty: StoredFile = { sizeBytes: 0, etag: '"e3b0"' };
    expect(answer({}, empty)).toMatchObject({ status: 200, headers: { 'Content-Length': '0' } });
    expect(() => answer({ range: 'bytes=0-' }, empty)).toThrow(RangeNotSatisfiableError);
  });
});
