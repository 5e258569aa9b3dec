import { createHash, randomUUID } from 'node:crypto';
import { FileHandle, mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { PayloadTooLargeError } from '@diallink/common';
import {
  BlobNotFoundError,
  BlobStat,
  BlobStore,
  ByteRange,
  PutBlobOptions,
  StoredBlob,
  blobKeySegments,
} from './blob-store';

/** Temporary files start with a dot, which no key segment can: they are never visible as a blob. */
const TEMP_SUFFIX = '.partial';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Writes the whole chunk: `FileHandle.write` may write less than asked. */
async function writeAll(file: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

/** Makes a rename in `directory` durable (the directory entry itself is flushed). */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms and file systems cannot fsync a directory; the rename is still atomic there.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Blobs as files under `rootDir`: the key `recordings/t1/r1` is the file `<rootDir>/recordings/t1/r1`.
 *
 * A put streams into a temporary file beside the target (`.<name>.<uuid>.partial`), hashing as
 * it goes, fsyncs it and renames it over the target: readers see the old blob or the new one,
 * never part of one, and of concurrent puts to one key the last rename wins whole. Nothing is
 * ever held in memory beyond one chunk. A key cannot also be the directory of other keys
 * (`a/b` and `a/b/c`). Temporary files of a process that died mid-put stay behind; they never
 * look like blobs.
 */
export class LocalDiskBlobStore implements BlobStore {
  private readonly root: string;

  constructor(rootDir: string) {
    this.root = path.resolve(rootDir);
  }

  /** The file of `key`; validated, and inside the root whatever the key says. */
  pathOf(key: string): string {
    const target = path.resolve(this.root, ...blobKeySegments(key));
    if (!target.startsWith(this.root + path.sep)) throw new Error(`Blob key ${JSON.stringify(key)} escapes the store.`);
    return target;
  }

  async put(key: string, source: Readable, options: PutBlobOptions): Promise<StoredBlob> {
    const target = this.pathOf(key);
    if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 0) {
      throw new RangeError(`maxBytes must be a non-negative integer, got ${options.maxBytes}.`);
    }
    // Until the loop below reads it, an error of the source would have no listener and crash the process.
    let early: unknown;
    const onEarlyError = (error: unknown): void => {
      early ??= error;
    };
    source.on('error', onEarlyError);
    const directory = path.dirname(target);
    const temp = path.join(directory, `.${path.basename(target)}.${randomUUID()}${TEMP_SUFFIX}`);
    let file: FileHandle;
    try {
      await mkdir(directory, { recursive: true });
      file = await open(temp, 'wx', 0o600);
    } catch (error) {
      source.destroy();
      throw error;
    } finally {
      source.off('error', onEarlyError);
    }
    let fileOpen = true;
    let renamed = false;
    try {
      const hash = createHash('sha256');
      let sizeBytes = 0;
      if (early !== undefined) throw early;
      for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        sizeBytes += bytes.length;
        if (sizeBytes > options.maxBytes) {
          throw new PayloadTooLargeError(`The upload is larger than the limit of ${options.maxBytes} bytes.`);
        }
        hash.update(bytes);
        await writeAll(file, bytes);
      }
      await file.sync();
      fileOpen = false;
      await file.close();
      await rename(temp, target);
      renamed = true;
      await syncDirectory(directory);
      return { sizeBytes, sha256: hash.digest('hex') };
    } catch (error) {
      if (fileOpen) await file.close().catch(() => undefined);
      await rm(renamed ? target : temp, { force: true });
      throw error;
    }
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    if (
      range &&
      !(
        Number.isSafeInteger(range.start) &&
        Number.isSafeInteger(range.end) &&
        range.start >= 0 &&
        range.end >= range.start
      )
    ) {
      throw new RangeError(`Invalid byte range ${range.start}-${range.end}.`);
    }
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if (isMissing(error)) throw new BlobNotFoundError(key);
      throw error;
    }
    try {
      // The handle keeps reading the blob it opened even if a put replaces the file meanwhile.
      if (!(await handle.stat()).isFile()) throw new BlobNotFoundError(key);
      return handle.createReadStream({ start: range?.start, end: range?.end, autoClose: true });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async stat(key: string): Promise<BlobStat | null> {
    try {
      const stats = await stat(this.pathOf(key));
      return stats.isFile() ? { sizeBytes: stats.size } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
}
