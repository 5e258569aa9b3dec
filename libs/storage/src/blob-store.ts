import type { Readable } from 'node:stream';

/**
 * Where a service keeps the bytes of files (recordings' audio, documents) while their metadata
 * lives in PostgreSQL. Object Bucket Storage will own this; the local disk implements it today,
 * an S3-compatible store can tomorrow. Inject it with `@Inject(BLOB_STORE)`.
 *
 * Keys are `/`-separated segments of letters, digits, `_`, `-` and `.` that do not start with a
 * dot (so `.` and `..` are impossible), e.g. `recordings/<tenantId>/<recordingId>`; anything else
 * throws `InvalidBlobKeyError` before any I/O.
 */
export interface BlobStore {
  /**
   * Streams `source` into the blob `key`, replacing any blob there, and returns its size and
   * SHA-256. The blob becomes visible under `key` only complete: a failed, aborted or too large
   * upload leaves nothing behind and the previous blob (if any) untouched. More than `maxBytes`
   * rejects with `PayloadTooLargeError` (413). Like `stream.pipeline`, a failed put destroys
   * `source`; the caller decides what that means for a request it came from.
   */
  put(key: string, source: Readable, options: PutBlobOptions): Promise<StoredBlob>;

  /**
   * The blob's bytes, or the inclusive byte `range` of them, as a stream read from storage as it
   * is consumed. Rejects with `BlobNotFoundError` when there is no blob under `key`.
   */
  open(key: string, range?: ByteRange): Promise<Readable>;

  /** The blob's size, or null when there is none. */
  stat(key: string): Promise<BlobStat | null>;

  /** Removes the blob; a key without a blob is not an error. */
  delete(key: string): Promise<void>;
}

export interface PutBlobOptions {
  /** The largest blob accepted, in bytes. */
  maxBytes: number;
  /** The media type, for stores that keep one with the object (the local disk does not). */
  contentType?: string;
}

export interface StoredBlob {
  sizeBytes: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
}

export interface BlobStat {
  sizeBytes: number;
}

/** Inclusive byte positions, as in HTTP's `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

/** The Nest injection token of the process's `BlobStore`. */
export const BLOB_STORE = Symbol('BLOB_STORE');

/** A key the store refuses: a bug of the caller, who builds keys (never a client's raw input). */
export class InvalidBlobKeyError extends Error {
  constructor(readonly key: string) {
    super(
      `Invalid blob key ${JSON.stringify(key)}: use /-separated segments of A-Z a-z 0-9 _ - . not starting with a dot.`,
    );
    this.name = 'InvalidBlobKeyError';
  }
}

/**
 * No blob under the key. Callers that keep a row per blob treat this as a fault (the row says
 * there is one), so it is not one of the HTTP errors of `@diallink/common`.
 */
export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No blob under key ${JSON.stringify(key)}.`);
    this.name = 'BlobNotFoundError';
  }
}

const MAX_KEY_LENGTH = 1024;
/** One segment: a safe file name that does not start with a dot (temporary files do). */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}$/;

/** True when `key` is one the stores accept (see `BlobStore`). */
export function isValidBlobKey(key: string): boolean {
  return (
    typeof key === 'string' &&
    key.length > 0 &&
    key.length <= MAX_KEY_LENGTH &&
    key.split('/').every((segment) => SEGMENT.test(segment))
  );
}

/** The key's segments; throws `InvalidBlobKeyError` for a key the stores refuse. */
export function blobKeySegments(key: string): string[] {
  if (!isValidBlobKey(key)) throw new InvalidBlobKeyError(key);
  return key.split('/');
}
