import { Transform, pipeline } from 'node:stream';
import { BadRequestError, PayloadTooLargeError, StreamedUpload } from '@diallink/common';
import { BlobStore, StoredBlob } from './blob-store';

/** The limits and wording of an upload into a blob store. */
export interface UploadLimits {
  /** The largest body accepted, in bytes. */
  maxBytes: number;
  /**
   * The 413 for a declared Content-Length over `maxBytes` (default "The upload is larger than the
   * limit of N bytes.", the store's own words for a body that passes the limit while streaming).
   */
  tooLargeMessage?: string;
  /** The 400 for an empty body (default "The body is empty: send the content as the request body."). */
  emptyMessage?: string;
  /** Store an empty body (an empty object) instead of refusing it. */
  allowEmpty?: boolean;
}

/** A stored upload: its size and lower-case hex SHA-256, and the media type it was sent as. */
export interface StoredUpload extends StoredBlob {
  contentType: string;
}

function emptyBody(limits: UploadLimits): BadRequestError {
  return new BadRequestError(limits.emptyMessage ?? 'The body is empty: send the content as the request body.');
}

/**
 * What can be refused before a byte is read or a row looked up: a declared Content-Length over
 * `maxBytes` (413) or of 0 (400, unless `allowEmpty`). A chunked body declares nothing:
 * `putUpload` checks it as it streams.
 */
export function checkDeclaredSize(upload: Pick<StreamedUpload, 'declaredBytes'>, limits: UploadLimits): void {
  const { declaredBytes } = upload;
  if (declaredBytes !== null && declaredBytes > limits.maxBytes) {
    throw new PayloadTooLargeError(
      limits.tooLargeMessage ?? `The upload is larger than the limit of ${limits.maxBytes} bytes.`,
    );
  }
  if (declaredBytes === 0 && !limits.allowEmpty) throw emptyBody(limits);
}

/**
 * A request's body into the blob `key`: `checkDeclaredSize` first, then the body streamed into
 * `store.put` (never held in memory), which hashes it (SHA-256) and refuses it past `maxBytes`
 * (413); a body that turns out empty is refused (400) before it is stored, unless `allowEmpty`. On any failure —
 * too large, empty, the client gone — nothing is left under `key` (and a blob already there
 * stays whole); the store decides how the rest of the request's body is dropped.
 */
export async function putUpload(
  store: BlobStore,
  key: string,
  upload: StreamedUpload,
  limits: UploadLimits,
): Promise<StoredUpload> {
  checkDeclaredSize(upload, limits);
  let bytes = 0;
  const notEmpty = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      callback(bytes === 0 && !limits.allowEmpty ? emptyBody(limits) : null);
    },
  });
  // Errors reach the store through `notEmpty` (pipeline destroys every stream with the first one).
  const source = pipeline(upload.open(), notEmpty, () => undefined);
  const stored = await store.put(key, source, { maxBytes: limits.maxBytes, contentType: upload.contentType });
  return { ...stored, contentType: upload.contentType };
}
