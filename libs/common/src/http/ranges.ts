import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../errors/api-error';

/**
 * Downloads of stored bytes (a recording's audio, an object of a bucket) as HTTP wants them
 * (RFC 9110): a strong ETag, `Range` → 206 or 416, conditional GET (`If-None-Match`,
 * `If-Modified-Since`) → 304, `If-Range`. `answerDownload` decides; the caller opens the bytes
 * of the range it names (a HEAD opens none), and `sendDownload` hands the answer to Fastify.
 */

/** The range and conditional headers of a GET or HEAD. */
export interface DownloadConditions {
  range?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifRange?: string;
}

/** The headers a download looks at; a header sent several times is read as one comma-separated list. */
export function downloadConditions(headers: IncomingHttpHeaders): DownloadConditions {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return value === undefined ? undefined : [value].flat().join(', ');
  };
  return {
    range: header('range'),
    ifNoneMatch: header('if-none-match'),
    ifModifiedSince: header('if-modified-since'),
    ifRange: header('if-range'),
  };
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

/** Whole seconds since the epoch: HTTP dates have no finer resolution. */
const seconds = (time: number): number => Math.floor(time / 1000);

/** `If-None-Match` (weak comparison): `*`, or any listed tag equal to `etag` with or without `W/`. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * `If-Modified-Since`: false when the file has not changed since the date (at the resolution of
 * HTTP dates, seconds). A header that is no date, or a file without a modification time, counts
 * as modified (the header is ignored).
 */
export function modifiedSince(header: string | undefined, lastModified: Date | undefined): boolean {
  if (header === undefined || lastModified === undefined) return true;
  const since = Date.parse(header);
  return Number.isNaN(since) || seconds(lastModified.getTime()) > seconds(since);
}

/**
 * `If-Range`: the Range applies only while the file is still the one the client has — the exact
 * strong `etag`, or a date equal to `lastModified` (to the second). A weak tag never matches, nor
 * does a date when no `lastModified` is known (none is sent then).
 */
export function rangeStillApplies(header: string | undefined, etag: string, lastModified?: Date): boolean {
  if (header === undefined) return true;
  const validator = header.trim();
  if (validator.startsWith('"') || validator.startsWith('W/')) return validator === etag;
  if (lastModified === undefined) return false;
  const date = Date.parse(validator);
  return !Number.isNaN(date) && seconds(date) === seconds(lastModified.getTime());
}

/** 416, with `Content-Range: bytes *\/size` as RFC 9110 asks. `noun` names the file in the message. */
export class RangeNotSatisfiableError extends DomainError {
  readonly status = 416;
  constructor(size: number, noun = 'file') {
    super(
      size === 0
        ? `The requested range is not satisfiable: the ${noun} is empty.`
        : `The requested range is not satisfiable: the ${noun} has ${size} bytes (positions 0 to ${size - 1}).`,
      [{ field: 'Range', message: size === 0 ? `the ${noun} has no bytes` : `must start before byte ${size}` }],
      { 'Content-Range': `bytes */${size}` },
    );
  }
}

/** What is downloaded, as the caller's metadata has it. */
export interface StoredFile {
  sizeBytes: number;
  /** A strong ETag (`etagOf(sha256)`). */
  etag: string;
  /** When the bytes last changed: sent as `Last-Modified`, and `If-Modified-Since` and dated `If-Range` are honoured. */
  lastModified?: Date;
  /** Headers of every answer, 304 included, e.g. `Cache-Control`. */
  headers?: Record<string, string>;
  /** Headers of the answers with content (200, 206), e.g. `Content-Type`, `Content-Disposition`. */
  contentHeaders?: Record<string, string>;
  /** What the file is, for the 416's message: `recording` → "the recording has 10 bytes". */
  noun?: string;
}

/** What to answer: 304 with no content, the whole file (200) or the inclusive `range` of it (206). */
export type DownloadAnswer =
  | { status: 304; headers: Record<string, string>; range?: undefined }
  | { status: 200; headers: Record<string, string>; range?: undefined }
  | { status: 206; headers: Record<string, string>; range: { start: number; end: number } };

/**
 * The answer to a GET or HEAD of `file` (RFC 9110 §13.2.2): 304 when `If-None-Match` has its
 * ETag, or — without `If-None-Match` — when it has not changed since `If-Modified-Since`; 206 with
 * `Content-Range` for one satisfiable range (unless `If-Range` names another version); a
 * `RangeNotSatisfiableError` (416) for an unsatisfiable one; else 200. Every answer carries the
 * ETag (and `Last-Modified` when known); 200 and 206 also `Accept-Ranges` and `Content-Length`.
 */
export function answerDownload(conditions: DownloadConditions, file: StoredFile): DownloadAnswer {
  const validators: Record<string, string> = { ETag: file.etag };
  if (file.lastModified) validators['Last-Modified'] = file.lastModified.toUTCString();
  const always = { ...validators, ...file.headers };
  const notModified =
    conditions.ifNoneMatch !== undefined
      ? noneMatch(conditions.ifNoneMatch, file.etag)
      : !modifiedSince(conditions.ifModifiedSince, file.lastModified);
  if (notModified) return { status: 304, headers: always };

  const size = file.sizeBytes;
  const range = rangeStillApplies(conditions.ifRange, file.etag, file.lastModified)
    ? resolveRange(conditions.range, size)
    : WHOLE;
  if (range.kind === 'unsatisfiable') throw new RangeNotSatisfiableError(size, file.noun);
  const headers = { ...always, ...file.contentHeaders, 'Accept-Ranges': 'bytes' };
  if (range.kind === 'whole') return { status: 200, headers: { ...headers, 'Content-Length': String(size) } };
  const { start, end } = range;
  return {
    status: 206,
    headers: {
      ...headers,
      'Content-Length': String(end - start + 1),
      'Content-Range': `bytes ${start}-${end}/${size}`,
    },
    range: { start, end },
  };
}

/** A download as a route returns it: the answer, and the bytes for a GET's 200 or 206. */
export type Download = DownloadAnswer & { body?: Readable };

/**
 * Hands a download to Fastify from a route with `@Res({ passthrough: true }) reply`: status and
 * headers on the reply, the bytes (if any) as the body to return.
 */
export function sendDownload(reply: FastifyReply, download: Download): StreamableFile | undefined {
  void reply.status(download.status).headers(download.headers);
  return download.body && new StreamableFile(download.body);
}
