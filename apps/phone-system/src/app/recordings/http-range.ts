import type { IncomingHttpHeaders } from 'node:http';
import { DomainError } from '@diallink/common';

/** The range and conditional headers of a download. */
export interface DownloadConditions {
  range?: string;
  ifNoneMatch?: string;
  ifRange?: string;
}

/** The headers a download looks at; a header sent several times is read as one comma-separated list. */
export function downloadConditions(headers: IncomingHttpHeaders): DownloadConditions {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return value === undefined ? undefined : [value].flat().join(', ');
  };
  return { range: header('range'), ifNoneMatch: header('if-none-match'), ifRange: header('if-range') };
}

/** What a GET of a file answers, given its size and the request's `Range` header. */
export type RangeRequest =
  { kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

const WHOLE: RangeRequest = { kind: 'whole' };

/**
 * `Range` (RFC 9110 §14.2) against a file of `size` bytes: `bytes=a-b`, `bytes=a-` and `bytes=-n`
 * give the inclusive positions (the end clamped to the file); a first position at or past the
 * end, or a suffix of 0 bytes, is unsatisfiable (416). A header the server may ignore — another
 * unit, a malformed or backwards range, several ranges (multipart/byteranges is not offered) —
 * means the whole file.
 */
export function resolveRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return WHOLE;
  const match = /^bytes=(.*)$/i.exec(header.trim());
  if (!match) return WHOLE;
  const specs = match[1].split(',').map((spec) => spec.trim());
  if (specs.length !== 1) return WHOLE;
  const spec = specs[0];

  const bounded = /^(\d+)-(\d*)$/.exec(spec);
  if (bounded) {
    const start = Number(bounded[1]);
    const last = bounded[2] === '' ? Number.POSITIVE_INFINITY : Number(bounded[2]);
    if (last < start) return WHOLE;
    if (start >= size) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start, end: Math.min(last, size - 1) };
  }
  const suffix = /^-(\d+)$/.exec(spec);
  if (suffix) {
    const length = Number(suffix[1]);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  return WHOLE;
}

/** A strong ETag of a checksum, e.g. `"9f86d0…"`. */
export function etagOf(sha256: string): string {
  return `"${sha256}"`;
}

/** `If-None-Match` (weak comparison): `*`, or any listed tag equal to `etag` with or without `W/`. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/** `If-Range` (strong comparison): the Range applies only while the file is still `etag`; a date never matches (no Last-Modified is sent). */
export function rangeStillApplies(header: string | undefined, etag: string): boolean {
  return header === undefined || header.trim() === etag;
}

/** 416, with `Content-Range: bytes *\/size` as RFC 9110 asks. */
export class RangeNotSatisfiableError extends DomainError {
  readonly status = 416;
  constructor(size: number) {
    super(
      `The requested range is not satisfiable: the recording has ${size} bytes (positions 0 to ${size - 1}).`,
      [{ field: 'Range', message: `must start before byte ${size}` }],
      { 'Content-Range': `bytes */${size}` },
    );
  }
}
