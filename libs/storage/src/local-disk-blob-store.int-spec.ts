import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { PayloadTooLargeError } from '@diallink/common';
import { BlobNotFoundError, InvalidBlobKeyError } from './blob-store';
import { LocalDiskBlobStore } from './local-disk-blob-store';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir`, temporary ones included, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A stream of `total` bytes made on demand in `chunk`-sized pieces (never all in memory). */
function generated(total: number, chunk = 64 * 1024, seed = 7): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const size = Math.min(chunk, total - sent);
      const piece = Buffer.alloc(size, (sent / chunk + seed) % 251);
      sent += size;
      this.push(piece);
    },
  });
}

describe('LocalDiskBlobStore', () => {
  let root: string;
  let store: LocalDiskBlobStore;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'diallink-blobs-'));
    store = new LocalDiskBlobStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores a stream under its key with size and SHA-256, and reads it back', async () => {
    const bytes = randomBytes(200_000);
    const stored = await store.put(
      'recordings/t1/r1',
      Readable.from([bytes.subarray(0, 70_000), bytes.subarray(70_000)]),
      {
        maxBytes: 1_000_000,
        contentType: 'audio/mpeg',
      },
    );
    expect(stored).toEqual({ sizeBytes: 200_000, sha256: sha256(bytes) });
    expect(filesUnder(root)).toEqual([path.join('recordings', 't1', 'r1')]);
    expect(readFileSync(path.join(root, 'recordings', 't1', 'r1')).equals(bytes)).toBe(true);
    expect(await store.stat('recordings/t1/r1')).toEqual({ sizeBytes: 200_000 });
    expect((await readAll(await store.open('recordings/t1/r1'))).equals(bytes)).toBe(true);
  });

  it('accepts exactly maxBytes, and an empty blob', async () => {
    expect((await store.put('exact', generated(1_000), { maxBytes: 1_000 })).sizeBytes).toBe(1_000);
    expect(await store.put('empty', Readable.from([]), { maxBytes: 0 })).toEqual({
      sizeBytes: 0,
      sha256: sha256(Buffer.alloc(0)),
    });
  });

  it('reads inclusive byte ranges', async () => {
    const bytes = randomBytes(1_000);
    await store.put('r', Readable.from([bytes]), { maxBytes: 1_000 });
    expect((await readAll(await store.open('r', { start: 10, end: 19 }))).equals(bytes.subarray(10, 20))).toBe(true);
    expect((await readAll(await store.open('r', { start: 0, end: 0 }))).equals(bytes.subarray(0, 1))).toBe(true);
    expect((await readAll(await store.open('r', { start: 990, end: 999 }))).equals(bytes.subarray(990))).toBe(true);
    // A range past the end stops at the end, as a file read does.
    expect((await readAll(await store.open('r', { start: 995, end: 5_000 }))).equals(bytes.subarray(995))).toBe(true);
    await expect(store.open('r', { start: 5, end: 4 })).rejects.toThrow(RangeError);
    await expect(store.open('r', { start: -1, end: 4 })).rejects.toThrow(RangeError);
  });

  it('streams a large blob without holding it in memory', async () => {
    const total = 32 * 1024 * 1024;
    const expected = createHash('sha256');
    for await (const chunk of generated(total)) expected.update(chunk as Buffer);
    const stored = await store.put('big', generated(total), { maxBytes: total });
    expect(stored).toEqual({ sizeBytes: total, sha256: expected.digest('hex') });
    const reread = createHash('sha256');
    for await (const chunk of await store.open('big')) reread.update(chunk as Buffer);
    expect(reread.digest('hex')).toBe(stored.sha256);
  });

  it('leaves nothing behind when the source fails mid-way, and keeps the previous blob whole', async () => {
    const previous = Buffer.from('the previous recording');
    await store.put('calls/c1', Readable.from([previous]), { maxBytes: 1_000 });

    const source = new PassThrough();
    const putting = store.put('calls/c1', source, { maxBytes: 1_000_000 });
    source.write(randomBytes(50_000));
    source.destroy(new Error('client went away'));
    await expect(putting).rejects.toThrow('client went away');

    expect(filesUnder(root)).toEqual([path.join('calls', 'c1')]);
    expect(readFileSync(path.join(root, 'calls', 'c1')).equals(previous)).toBe(true);

    const fresh = new PassThrough();
    const abandoned = store.put('calls/c2', fresh, { maxBytes: 1_000_000 });
    fresh.write(randomBytes(10));
    fresh.destroy();
    await expect(abandoned).rejects.toThrow();
    expect(filesUnder(root)).toEqual([path.join('calls', 'c1')]);
    expect(await store.stat('calls/c2')).toBeNull();
  });

  it('refuses more than maxBytes with a 413 error, leaving nothing behind', async () => {
    const putting = store.put('too/big', generated(5_000, 1_000), { maxBytes: 4_999 });
    await expect(putting).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(putting).rejects.toMatchObject({ status: 413 });
    expect(filesUnder(root)).toEqual([]);
    expect(await store.stat('too/big')).toBeNull();
  });

  it('ends concurrent puts to one key with one complete blob', async () => {
    const contents = Array.from({ length: 8 }, (_, i) => Buffer.alloc(300_000 + i, i + 1));
    const results = await Promise.all(
      contents.map((bytes) =>
        store.put(
          'same/key',
          Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000, 200_000), bytes.subarray(200_000)]),
          {
            maxBytes: 1_000_000,
          },
        ),
      ),
    );
    expect(filesUnder(root)).toEqual([path.join('same', 'key')]);
    const final = readFileSync(path.join(root, 'same', 'key'));
    const winner = contents.findIndex((bytes) => bytes.equals(final));
    expect(winner).toBeGreaterThanOrEqual(0);
    expect(results[winner]).toEqual({ sizeBytes: final.length, sha256: sha256(final) });
  });

  it('reports a missing blob: open rejects, stat is null, delete is a no-op', async () => {
    await expect(store.open('nothing/here')).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.stat('nothing/here')).toBeNull();
    await expect(store.delete('nothing/here')).resolves.toBeUndefined();
    await store.put('dir/file', Readable.from(['x']), { maxBytes: 1 });
    // A directory is not a blob.
    await expect(store.open('dir')).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.stat('dir')).toBeNull();
  });

  it('deletes a blob', async () => {
    await store.put('a/b', Readable.from(['hello']), { maxBytes: 10 });
    expect(await text(await store.open('a/b'))).toBe('hello');
    await store.delete('a/b');
    expect(filesUnder(root)).toEqual([]);
    await expect(store.open('a/b')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('makes path traversal impossible: every operation refuses a bad key before touching the disk', async () => {
    const outside = path.join(path.dirname(root), `outside-${path.basename(root)}`);
    writeFileSync(outside, 'secret');
    try {
      const escape = `../${path.basename(outside)}`;
      for (const key of [escape, `a/../../${path.basename(outside)}`, outside, 'a/./b', '.hidden', 'a\\b', '']) {
        await expect(store.put(key, Readable.from(['x']), { maxBytes: 10 })).rejects.toBeInstanceOf(
          InvalidBlobKeyError,
        );
        await expect(store.open(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
        await expect(store.stat(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
        await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      }
      expect(readFileSync(outside, 'utf8')).toBe('secret');
      expect(filesUnder(root)).toEqual([]);
    } finally {
      rmSync(outside, { force: true });
    }
  });
});
