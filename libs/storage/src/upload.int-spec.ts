import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { BadRequestError, PayloadTooLargeError, StreamedUpload } from '@diallink/common';
import { LocalDiskBlobStore } from './local-disk-blob-store';
import { checkDeclaredSize, putUpload } from './upload';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** An upload of `body` (chunks), declaring `declaredBytes`; counts how often the body was opened. */
function uploadOf(body: Buffer[] | Readable, declaredBytes: number | null = null) {
  const upload = {
    contentType: 'application/pdf',
    declaredBytes,
    opened: 0,
    open: () => {
      upload.opened++;
      return Array.isArray(body) ? Readable.from(body) : body;
    },
  };
  return upload satisfies StreamedUpload;
}

describe('putUpload into the local disk', () => {
  let root: string;
  let store: LocalDiskBlobStore;
  const limits = { maxBytes: 1_000 };
  const files = () =>
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'diallink-upload-'));
    store = new LocalDiskBlobStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores the body and says its size, SHA-256 and media type', async () => {
    const chunks = [randomBytes(400), randomBytes(600)];
    const stored = await putUpload(store, 'docs/a', uploadOf(chunks, 1_000), limits);
    const whole = Buffer.concat(chunks);
    expect(stored).toEqual({ sizeBytes: 1_000, sha256: sha256(whole), contentType: 'application/pdf' });
    expect(readFileSync(path.join(root, 'docs/a')).equals(whole)).toBe(true);
  });

  it('refuses a declared length over the limit, or of 0, without reading the body', async () => {
    const tooLarge = uploadOf([randomBytes(10)], 1_001);
    await expect(putUpload(store, 'docs/a', tooLarge, limits)).rejects.toThrow(
      new PayloadTooLargeError('The upload is larger than the limit of 1000 bytes.'),
    );
    const empty = uploadOf([], 0);
    await expect(putUpload(store, 'docs/a', empty, limits)).rejects.toThrow(
      new BadRequestError('The body is empty: send the content as the request body.'),
    );
    expect([tooLarge.opened, empty.opened]).toEqual([0, 0]);
    expect(files()).toEqual([]);
  });

  it('says it in the caller’s words', () => {
    const words = { maxBytes: 5, tooLargeMessage: 'The recording is too long.', emptyMessage: 'Send the audio.' };
    expect(() => checkDeclaredSize({ declaredBytes: 6 }, words)).toThrow('The recording is too long.');
    expect(() => checkDeclaredSize({ declaredBytes: 0 }, words)).toThrow('Send the audio.');
    expect(() => checkDeclaredSize({ declaredBytes: 5 }, words)).not.toThrow();
    expect(() => checkDeclaredSize({ declaredBytes: null }, words)).not.toThrow();
  });

  it('refuses a chunked body that passes the limit while streaming, leaving nothing', async () => {
    const body = uploadOf([randomBytes(600), randomBytes(600), randomBytes(600)]);
    await expect(putUpload(store, 'docs/a', body, limits)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(files()).toEqual([]);
  });

  it('refuses a chunked body that turns out empty, keeping the blob already under the key', async () => {
    const first = randomBytes(10);
    await putUpload(store, 'docs/a', uploadOf([first]), limits);
    await expect(putUpload(store, 'docs/a', uploadOf([]), { ...limits, emptyMessage: 'Empty.' })).rejects.toThrow(
      new BadRequestError('Empty.'),
    );
    expect(files()).toEqual(['docs/a']);
    expect(readFileSync(path.join(root, 'docs/a')).equals(first)).toBe(true);
  });

  it('stores an empty body when allowed', async () => {
    const allowed = { ...limits, allowEmpty: true };
    expect(() => checkDeclaredSize({ declaredBytes: 0 }, allowed)).not.toThrow();
    await expect(putUpload(store, 'docs/empty', uploadOf([], 0), allowed)).resolves.toEqual({
      sizeBytes: 0,
      sha256: sha256(Buffer.alloc(0)),
      contentType: 'application/pdf',
    });
    expect(files()).toEqual(['docs/empty']);
  });

  it('takes exactly the limit', async () => {
    await expect(putUpload(store, 'docs/a', uploadOf([randomBytes(1_000)]), limits)).resolves.toMatchObject({
      sizeBytes: 1_000,
    });
  });

  it('fails with the body’s error when the client goes away, leaving nothing', async () => {
    const body = new PassThrough();
    const outcome = putUpload(store, 'docs/a', uploadOf(body), limits);
    body.write(randomBytes(100));
    body.destroy(new BadRequestError('The upload ended before the whole body arrived.'));
    await expect(outcome).rejects.toThrow('The upload ended before the whole body arrived.');
    expect(files()).toEqual([]);
  });
});
