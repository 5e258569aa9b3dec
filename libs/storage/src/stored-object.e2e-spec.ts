import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Controller, Get, Inject, Module, Param, Put, Req, Res, StreamableFile } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import request from 'supertest';
import {
  NotFoundError,
  StreamedBody,
  StreamedBodyRoute,
  StreamedUpload,
  answerDownload,
  createServiceApp,
  downloadConditions,
  etagOf,
  sendDownload,
} from '@diallink/common';
import { BLOB_STORE, BlobStore } from './blob-store';
import { LocalDiskBlobStore } from './local-disk-blob-store';
import { StoredUpload, putUpload } from './upload';

/**
 * The shared pieces as a service of stored objects uses them: an upload streamed into the blob
 * store (any media type, a size limit, SHA-256), then GET and HEAD of the object with its ETag
 * (the quoted SHA-256), Last-Modified, ranges and conditional requests.
 */
const MAX_BYTES = 100_000;

interface ObjectRow extends StoredUpload {
  key: string;
  updatedAt: Date;
}

@Controller('objects')
class ObjectsController {
  /** The metadata a service would keep in PostgreSQL. */
  private readonly rows = new Map<string, ObjectRow>();

  constructor(@Inject(BLOB_STORE) private readonly blobs: BlobStore) {}

  @Put(':key')
  @StreamedBodyRoute({ contentTypes: 'any', what: 'object' })
  async put(@Param('key') key: string, @StreamedBody() body: StreamedUpload): Promise<ObjectRow> {
    const stored = await putUpload(this.blobs, `objects/${key}`, body, { maxBytes: MAX_BYTES, allowEmpty: true });
    const row = { key, ...stored, updatedAt: new Date() };
    this.rows.set(key, row);
    return row;
  }

  @Get(':key')
  async get(
    @Param('key') key: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile | undefined> {
    const row = this.rows.get(key);
    if (!row) throw new NotFoundError('Object', key);
    const answer = answerDownload(downloadConditions(request.headers), {
      sizeBytes: row.sizeBytes,
      etag: etagOf(row.sha256),
      lastModified: row.updatedAt,
      contentHeaders: { 'Content-Type': row.contentType },
      noun: 'object',
    });
    if (answer.status === 304) return sendDownload(reply, answer);
    const body = request.method === 'HEAD' ? Readable.from([]) : await this.blobs.open(`objects/${key}`, answer.range);
    return sendDownload(reply, { ...answer, body });
  }
}

function bytes(response: unknown, done: (error: Error | null, body: Buffer) => void): void {
  const stream = response as IncomingMessage;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('a stored object: streamed upload, then GET and HEAD with ETag, ranges and conditions', () => {
  let app: NestFastifyApplication;
  let root: string;
  const server = () => app.getHttpServer();
  const object = randomBytes(50_000);
  let uploaded: ObjectRow & { updatedAt: string };
  const get = (key = 'report') => request(server()).get(`/v1/obs/objects/${key}`).buffer(true).parse(bytes);
  const head = (key = 'report') => request(server()).head(`/v1/obs/objects/${key}`);

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'diallink-objects-'));
    @Module({
      controllers: [ObjectsController],
      providers: [{ provide: BLOB_STORE, useValue: new LocalDiskBlobStore(root) }],
    })
    class ObjectsModule {}
    app = await createServiceApp(
      { name: 'obs', title: 'Test', description: 'Test' },
      { module: ObjectsModule },
      { LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: 1_000 },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const response = await request(server())
      .put('/v1/obs/objects/report')
      .set('Content-Type', 'application/pdf')
      .send(object)
      .expect(200);
    uploaded = response.body;
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('stores the upload with its size, SHA-256 and media type', () => {
    expect(uploaded).toMatchObject({ sizeBytes: 50_000, sha256: sha256(object), contentType: 'application/pdf' });
  });

  it('answers GET with the bytes, ETag = the quoted SHA-256, Last-Modified and Accept-Ranges', async () => {
    const response = await get().expect(200);
    expect(response.headers).toMatchObject({
      etag: `"${sha256(object)}"`,
      'last-modified': new Date(uploaded.updatedAt).toUTCString(),
      'content-type': 'application/pdf',
      'content-length': '50000',
      'accept-ranges': 'bytes',
    });
    expect((response.body as Buffer).equals(object)).toBe(true);
  });

  it('answers HEAD with the headers of the GET and no bytes, for a range too', async () => {
    const whole = await head().expect(200);
    expect(whole.headers).toMatchObject({ etag: `"${sha256(object)}"`, 'content-length': '50000' });
    const part = await head().set('Range', 'bytes=-10').expect(206);
    expect(part.headers).toMatchObject({ 'content-length': '10', 'content-range': 'bytes 49990-49999/50000' });
  });

  it('answers a range with 206 and exactly those bytes, an unsatisfiable one with 416', async () => {
    const part = await get().set('Range', 'bytes=100-199').expect(206);
    expect(part.headers['content-range']).toBe('bytes 100-199/50000');
    expect((part.body as Buffer).equals(object.subarray(100, 200))).toBe(true);
    const refused = await request(server()).get('/v1/obs/objects/report').set('Range', 'bytes=50000-').expect(416);
    expect(refused.headers['content-range']).toBe('bytes */50000');
    expect(refused.body).toMatchObject({ status: 416, error: 'RANGE_NOT_SATISFIABLE' });
    expect(refused.body.message).toMatch(/the object has 50000 bytes/);
  });

  it('answers a conditional GET with 304 while the object is unchanged', async () => {
    const lastModified = new Date(uploaded.updatedAt).toUTCString();
    for (const [name, value] of [
      ['If-None-Match', `"${sha256(object)}"`],
      ['If-Modified-Since', lastModified],
    ]) {
      const response = await get().set(name, value).expect(304);
      expect(response.headers.etag).toBe(`"${sha256(object)}"`);
      expect((response.body as Buffer).length).toBe(0);
    }
    await get().set('If-None-Match', '"older"').expect(200);
    await get().set('If-Modified-Since', 'Thu, 01 Jan 2026 00:00:00 GMT').expect(200);
  });

  it('sends the whole object when If-Range names another version, the range when it names this one', async () => {
    await get().set({ Range: 'bytes=0-9', 'If-Range': '"older"' }).expect(200);
    await get().set({ Range: 'bytes=0-9', 'If-Range': 'Thu, 01 Jan 2026 00:00:00 GMT' }).expect(200);
    const current = await get()
      .set({ Range: 'bytes=0-9', 'If-Range': new Date(uploaded.updatedAt).toUTCString() })
      .expect(206);
    expect((current.body as Buffer).equals(object.subarray(0, 10))).toBe(true);
  });

  it('refuses an object over the limit with 413 and keeps nothing of it', async () => {
    const response = await request(server())
      .put('/v1/obs/objects/huge')
      .set('Content-Type', 'video/mp4')
      .send(randomBytes(MAX_BYTES + 1))
      .expect(413);
    expect(response.body.message).toMatch(String(MAX_BYTES));
    expect(readdirSync(path.join(root, 'objects'))).toEqual(['report']);
  });

  it('keeps an empty object: 200 with no bytes, and no range of it', async () => {
    await request(server()).put('/v1/obs/objects/empty').set('Content-Type', 'text/plain').send('').expect(200);
    const response = await get('empty').expect(200);
    expect(response.headers).toMatchObject({ 'content-length': '0', etag: `"${sha256(Buffer.alloc(0))}"` });
    const refused = await request(server()).get('/v1/obs/objects/empty').set('Range', 'bytes=0-').expect(416);
    expect(refused.headers['content-range']).toBe('bytes */0');
  });
});
