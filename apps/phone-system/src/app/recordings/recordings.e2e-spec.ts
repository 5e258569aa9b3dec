import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ClientRequest, IncomingMessage, request as httpRequest } from 'node:http';
import { BLOB_STORE, BlobStore } from '@diallink/storage';
import type { SeededUser } from '@diallink/testing';
import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';

const CALLS = '/v1/phone-system/calls';
const RECORDINGS = '/v1/phone-system/recordings';
const MAX_BYTES = 300_000;

/** Reads any response body as bytes (supertest only buffers text and JSON by itself). */
function bytes(response: unknown, done: (error: Error | null, body: Buffer) => void): void {
  const stream = response as IncomingMessage;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('/v1/phone-system/recordings', () => {
  let phone: PhoneSystemFixture;
  let blobsDir: string;
  /** Where the service listens, for requests that stream their body (fetch). */
  let origin: string;

  beforeAll(async () => {
    phone = await startPhoneSystem({ RECORDING_MAX_BYTES: String(MAX_BYTES) });
    blobsDir = path.join(phone.dataDir, 'blobs');
    await phone.app.listen(0, '127.0.0.1');
    origin = await phone.app.getUrl();
  });
  afterAll(() => phone.close());

  /** Every file under the tenant's recordings folder, temporary ones included. */
  const filesOf = (tenantId: string): string[] => {
    const dir = path.join(blobsDir, 'recordings', tenantId);
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  };
  const fileOf = (tenantId: string, id: string) => path.join(blobsDir, 'recordings', tenantId, id);

  async function call(owner: SeededUser): Promise<string> {
    const response = await phone
      .http()
      .post(CALLS)
      .set('X-API-KEY', owner.apiKey)
      .send({
        direction: 'INBOUND',
        status: 'COMPLETED',
        fromNumber: '+17175501675',
        toNumber: '+442071838750',
        startedAt: '2026-01-15T09:30:00Z',
        answeredAt: '2026-01-15T09:30:10Z',
        endedAt: '2026-01-15T09:42:00Z',
      })
      .expect(201);
    return response.body.id;
  }

  const upload = (caller: SeededUser, query: string, body: Buffer, type = 'audio/mpeg') =>
    phone.http().post(`${RECORDINGS}${query}`).set('X-API-KEY', caller.apiKey).set('Content-Type', type).send(body);

  const download = (caller: SeededUser, id: string) =>
    phone.http().get(`${RECORDINGS}/${id}/audio`).set('X-API-KEY', caller.apiKey).buffer(true).parse(bytes);

  describe('one uploaded recording', () => {
    let owner: SeededUser;
    let callId: string;
    let audio: Buffer;
    let recording: { id: string; sha256: string; [field: string]: unknown };

    beforeAll(async () => {
      owner = await phone.accounts.tenant();
      callId = await call(owner);
      audio = randomBytes(200_000);
      const response = await upload(owner, `?callId=${callId}&durationSeconds=710`, audio).expect(201);
      recording = response.body;
      expect(response.headers.location).toBe(`${RECORDINGS}/${recording.id}`);
    });

    it('stores the audio as uploaded and describes it', async () => {
      expect(recording).toEqual({
        id: expect.any(String),
        callId,
        contentType: 'audio/mpeg',
        sizeBytes: 200_000,
        sha256: sha256(audio),
        durationSeconds: 710,
        createdAt: expect.any(String),
        downloadPath: `${RECORDINGS}/${recording.id}/audio`,
      });
      expect(readFileSync(fileOf(owner.tenantId, recording.id)).equals(audio)).toBe(true);
      expect(filesOf(owner.tenantId)).toEqual([recording.id]);
      const meta = await phone.http().get(`${RECORDINGS}/${recording.id}`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(meta.body).toEqual(recording);
      const theCall = await phone.http().get(`${CALLS}/${callId}`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(theCall.body.recordingId).toBe(recording.id);
      const withRecording = await phone
        .http()
        .get(`${CALLS}?recordingId=${recording.id}`)
        .set('X-API-KEY', owner.apiKey)
        .expect(200);
      expect(withRecording.body.data.map((c: { id: string }) => c.id)).toEqual([callId]);
    });

    it('downloads the whole audio with its headers', async () => {
      const response = await download(owner, recording.id).expect(200);
      expect(response.headers).toMatchObject({
        'content-type': 'audio/mpeg',
        'content-length': '200000',
        'accept-ranges': 'bytes',
        etag: `"${recording.sha256}"`,
        'content-disposition': `attachment; filename="recording-${recording.id}.mp3"`,
      });
      expect(response.headers['content-range']).toBeUndefined();
      expect((response.body as Buffer).equals(audio)).toBe(true);
    });

    it.each([
      ['bytes=0-99', 0, 99],
      ['bytes=1000-1000', 1000, 1000],
      ['bytes=150000-', 150_000, 199_999],
      ['bytes=-500', 199_500, 199_999],
      ['bytes=199990-999999', 199_990, 199_999],
      ['bytes=-300000', 0, 199_999],
    ])('answers Range: %s with 206 and exactly those bytes', async (range, start, end) => {
      const response = await download(owner, recording.id).set('Range', range).expect(206);
      expect(response.headers['content-range']).toBe(`bytes ${start}-${end}/200000`);
      expect(response.headers['content-length']).toBe(String(end - start + 1));
      expect(response.headers.etag).toBe(`"${recording.sha256}"`);
      expect((response.body as Buffer).equals(audio.subarray(start, end + 1))).toBe(true);
    });

    it('answers an unsatisfiable range with 416 and Content-Range: bytes */size', async () => {
      for (const range of ['bytes=200000-', 'bytes=250000-260000', 'bytes=-0']) {
        const response = await phone
          .http()
          .get(`${RECORDINGS}/${recording.id}/audio`)
          .set('X-API-KEY', owner.apiKey)
          .set('Range', range)
          .expect(416);
        expect(response.headers['content-range']).toBe('bytes */200000');
        expect(response.body).toMatchObject({ status: 416, error: 'RANGE_NOT_SATISFIABLE' });
      }
    });

    it('sends the whole audio for a Range it may ignore: several ranges, another unit, a stale If-Range', async () => {
      for (const headers of [
        { Range: 'bytes=0-9,20-29' },
        { Range: 'items=0-9' },
        { Range: 'bytes=9-0' },
        { Range: 'bytes=0-9', 'If-Range': '"stale"' },
      ]) {
        const response = await download(owner, recording.id).set(headers).expect(200);
        expect((response.body as Buffer).length).toBe(200_000);
      }
      const current = await download(owner, recording.id)
        .set({ Range: 'bytes=0-9', 'If-Range': `"${recording.sha256}"` })
        .expect(206);
      expect((current.body as Buffer).equals(audio.subarray(0, 10))).toBe(true);
    });

    it('answers If-None-Match with the ETag with 304 and no body', async () => {
      for (const tag of [`"${recording.sha256}"`, `W/"${recording.sha256}"`, `"other", "${recording.sha256}"`, '*']) {
        const response = await download(owner, recording.id).set('If-None-Match', tag).expect(304);
        expect(response.headers.etag).toBe(`"${recording.sha256}"`);
        expect((response.body as Buffer).length).toBe(0);
      }
      const changed = await download(owner, recording.id).set('If-None-Match', '"something else"').expect(200);
      expect((changed.body as Buffer).equals(audio)).toBe(true);
    });

    it('answers HEAD with the headers of the GET and no body', async () => {
      const whole = await phone
        .http()
        .head(`${RECORDINGS}/${recording.id}/audio`)
        .set('X-API-KEY', owner.apiKey)
        .expect(200);
      expect(whole.headers).toMatchObject({
        'content-type': 'audio/mpeg',
        'content-length': '200000',
        'accept-ranges': 'bytes',
        etag: `"${recording.sha256}"`,
      });
      const part = await phone
        .http()
        .head(`${RECORDINGS}/${recording.id}/audio`)
        .set('X-API-KEY', owner.apiKey)
        .set('Range', 'bytes=10-19')
        .expect(206);
      expect(part.headers).toMatchObject({ 'content-length': '10', 'content-range': 'bytes 10-19/200000' });
      await phone
        .http()
        .head(`${RECORDINGS}/${recording.id}/audio`)
        .set('X-API-KEY', owner.apiKey)
        .set('If-None-Match', `"${recording.sha256}"`)
        .expect(304);
      await phone.http().head(`${RECORDINGS}/${randomUUID()}/audio`).set('X-API-KEY', owner.apiKey).expect(404);
    });

    it('refuses a second recording of the call with 409, keeping the first', async () => {
      const response = await upload(owner, `?callId=${callId}`, randomBytes(1_000)).expect(409);
      expect(response.body.details).toEqual([{ field: 'callId', message: 'callId already has a recording' }]);
      expect(filesOf(owner.tenantId)).toEqual([recording.id]);
      expect(readFileSync(fileOf(owner.tenantId, recording.id)).equals(audio)).toBe(true);
    });

    it('shows another tenant nothing: every route answers as for a missing id, and nothing of it changes', async () => {
      const stranger = await phone.accounts.tenant({ role: 'admin' });
      const missing = randomUUID();
      const routes = [
        (id: string) => phone.http().get(`${RECORDINGS}/${id}`),
        (id: string) => phone.http().get(`${RECORDINGS}/${id}/audio`),
        (id: string) => phone.http().get(`${RECORDINGS}/${id}/audio`).set('Range', 'bytes=0-9'),
        (id: string) => phone.http().head(`${RECORDINGS}/${id}/audio`),
        (id: string) => phone.http().delete(`${RECORDINGS}/${id}`),
      ];
      for (const route of routes) {
        const foreign = await route(recording.id).set('X-API-KEY', stranger.apiKey);
        const absent = await route(missing).set('X-API-KEY', stranger.apiKey);
        expect(foreign.status).toBe(404);
        expect(absent.status).toBe(404);
        expect(foreign.headers['content-range']).toBeUndefined();
        if (foreign.body.message)
          expect(foreign.body.message.replace(recording.id, 'ID')).toBe(absent.body.message.replace(missing, 'ID'));
      }
      // Uploading to A's call is a missing call too, and stores nothing anywhere.
      const foreignCall = await upload(stranger, `?callId=${callId}`, randomBytes(1_000)).expect(404);
      const missingCall = await upload(stranger, `?callId=${missing}`, randomBytes(1_000)).expect(404);
      expect(foreignCall.body.message.replace(callId, 'ID')).toBe(missingCall.body.message.replace(missing, 'ID'));
      expect(filesOf(stranger.tenantId)).toEqual([]);
      const theirs = await phone.http().get(RECORDINGS).set('X-API-KEY', stranger.apiKey).expect(200);
      expect(theirs.body.data).toEqual([]);
      const filtered = await phone
        .http()
        .get(`${RECORDINGS}?callId=${callId}`)
        .set('X-API-KEY', stranger.apiKey)
        .expect(200);
      expect(filtered.body.data).toEqual([]);

      const mine = await phone.http().get(`${RECORDINGS}/${recording.id}`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(mine.body).toEqual(recording);
      expect(readFileSync(fileOf(owner.tenantId, recording.id)).equals(audio)).toBe(true);
    });

    it('lets a viewer read and download, and refuses uploads and deletes with 403', async () => {
      const viewer = await phone.accounts.user(owner.tenantId, 'viewer');
      await phone.http().get(RECORDINGS).set('X-API-KEY', viewer.apiKey).expect(200);
      await phone.http().get(`${RECORDINGS}/${recording.id}`).set('X-API-KEY', viewer.apiKey).expect(200);
      await download(viewer, recording.id).expect(200);
      const otherCall = await call(owner);
      await upload(viewer, `?callId=${otherCall}`, randomBytes(1_000)).expect(403);
      await phone.http().delete(`${RECORDINGS}/${recording.id}`).set('X-API-KEY', viewer.apiKey).expect(403);
      expect(filesOf(owner.tenantId)).toEqual([recording.id]);
      expect(await phone.prisma.recording.count({ where: { tenantId: owner.tenantId } })).toBe(1);
      await phone.http().get(`${RECORDINGS}/${recording.id}/audio`).expect(401);
    });
  });

  it('refuses more than RECORDING_MAX_BYTES with 413, leaving nothing on disk or in the table', async () => {
    const owner = await phone.accounts.tenant();
    const callId = await call(owner);
    const response = await upload(owner, `?callId=${callId}`, randomBytes(MAX_BYTES + 1)).expect(413);
    expect(response.body).toMatchObject({ status: 413, error: 'PAYLOAD_TOO_LARGE' });
    expect(response.body.message).toMatch(String(MAX_BYTES));
    expect(filesOf(owner.tenantId)).toEqual([]);
    expect(await phone.prisma.recording.count({ where: { tenantId: owner.tenantId } })).toBe(0);
    // Exactly the limit is fine.
    await upload(owner, `?callId=${callId}`, randomBytes(MAX_BYTES)).expect(201);
  });

  /** A POST whose body is written chunk by chunk (chunked), on a connection of its own that closes after. */
  function streamingPost(
    caller: SeededUser,
    query: string,
    type: string,
  ): { request: ClientRequest; response: Promise<{ status: number; body: string }> } {
    const url = new URL(`${origin}${RECORDINGS}${query}`);
    const request = httpRequest(url, {
      method: 'POST',
      agent: false,
      headers: {
        'X-API-KEY': caller.apiKey,
        'Content-Type': type,
        'Transfer-Encoding': 'chunked',
        Connection: 'close',
      },
    });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      request.on('response', (incoming) => {
        incoming.setEncoding('utf8');
        let body = '';
        incoming.on('data', (chunk: string) => (body += chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
      });
      request.on('error', reject);
    });
    return { request, response };
  }

  it('refuses a chunked body that grows past the limit while streaming, with 413 and nothing left behind', async () => {
    const owner = await phone.accounts.tenant();
    const callId = await call(owner);
    const { request, response } = streamingPost(owner, `?callId=${callId}`, 'audio/wav');
    for (let sent = 0; sent < MAX_BYTES + 100_000; sent += 50_000) request.write(randomBytes(50_000));
    request.end();
    const answer = await response;
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 413, error: 'PAYLOAD_TOO_LARGE' });
    expect(filesOf(owner.tenantId)).toEqual([]);
    expect(await phone.prisma.recording.count({ where: { tenantId: owner.tenantId } })).toBe(0);
  });

  it('leaves nothing behind when the client goes away mid-upload', async () => {
    const owner = await phone.accounts.tenant();
    const callId = await call(owner);
    const store = phone.app.get<BlobStore>(BLOB_STORE, { strict: false });
    const put = store.put.bind(store);
    // Wrapped in an object: resolving with the promise itself would wait for it to settle.
    let started!: (put: { outcome: Promise<unknown> }) => void;
    const putStarted = new Promise<{ outcome: Promise<unknown> }>((resolve) => (started = resolve));
    const spy = jest.spyOn(store, 'put').mockImplementation((...args) => {
      const outcome = put(...args);
      started({ outcome });
      return outcome;
    });
    try {
      const { request, response } = streamingPost(owner, `?callId=${callId}`, 'audio/ogg');
      response.catch(() => undefined);
      request.write(randomBytes(64_000));
      const { outcome } = await putStarted;
      request.write(randomBytes(64_000));
      request.destroy();
      await expect(outcome).rejects.toThrow('The upload ended before the whole body arrived.');
    } finally {
      spy.mockRestore();
    }
    expect(filesOf(owner.tenantId)).toEqual([]);
    expect(await phone.prisma.recording.count({ where: { tenantId: owner.tenantId } })).toBe(0);
    // The call can still get its recording.
    await upload(owner, `?callId=${callId}`, randomBytes(100)).expect(201);
  });

  it('takes only audio: anything else is 415 with the types it takes', async () => {
    const owner = await phone.accounts.tenant();
    const callId = await call(owner);
    for (const type of ['text/plain', 'application/json', 'image/png', 'audio/x-unknown']) {
      const response = await upload(owner, `?callId=${callId}`, Buffer.from('{"audio":"no"}'), type).expect(415);
      expect(response.body).toMatchObject({ status: 415, error: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(response.body.message).toMatch(/audio\/mpeg/);
    }
    await phone.http().post(`${RECORDINGS}?callId=${callId}`).set('X-API-KEY', owner.apiKey).expect(415);
    expect(filesOf(owner.tenantId)).toEqual([]);
    const ogg = await upload(owner, `?callId=${callId}`, randomBytes(1_000), 'Audio/Ogg; codecs=opus').expect(201);
    expect(ogg.body.contentType).toBe('audio/ogg');
  });

  it('validates the query and the body: callId required, durationSeconds a whole number, audio not empty', async () => {
    const owner = await phone.accounts.tenant();
    const callId = await call(owner);
    const fields = async (query: string, body = randomBytes(10)) =>
      (await upload(owner, query, body).expect(400)).body.details.map((d: { field: string }) => d.field);
    expect(await fields('')).toContain('callId');
    expect(await fields('?callId=nope')).toContain('callId');
    expect(await fields(`?callId=${callId}&durationSeconds=abc`)).toContain('durationSeconds');
    expect(await fields(`?callId=${callId}&durationSeconds=-1`)).toContain('durationSeconds');
    expect(await fields(`?callId=${callId}&bucket=x`)).toContain('bucket');
    const empty = await upload(owner, `?callId=${callId}`, Buffer.alloc(0)).expect(400);
    expect(empty.body.message).toMatch(/empty/);
    await upload(owner, `?callId=${randomUUID()}`, randomBytes(10)).expect(404);
    expect(filesOf(owner.tenantId)).toEqual([]);
    expect(await phone.prisma.recording.count({ where: { tenantId: owner.tenantId } })).toBe(0);
  });

  it('keeps one recording per call when two uploads race', async () => {
    const owner = await phone.accounts.tenant();
    const callId = await call(owner);
    const statuses = (
      await Promise.all([
        upload(owner, `?callId=${callId}`, randomBytes(50_000)),
        upload(owner, `?callId=${callId}`, randomBytes(50_000)),
      ])
    ).map((response) => response.status);
    expect(statuses.sort()).toEqual([201, 409]);
    const rows = await phone.prisma.recording.findMany({ where: { tenantId: owner.tenantId } });
    expect(rows).toHaveLength(1);
    expect(filesOf(owner.tenantId)).toEqual([rows[0].id]);
  });

  it('lists, filters and sorts recordings', async () => {
    const owner = await phone.accounts.tenant();
    const calls = [await call(owner), await call(owner), await call(owner)];
    const made = [];
    made.push(
      (await upload(owner, `?callId=${calls[0]}&durationSeconds=30`, randomBytes(3_000), 'audio/wav').expect(201)).body,
    );
    made.push((await upload(owner, `?callId=${calls[1]}`, randomBytes(1_000), 'audio/mpeg').expect(201)).body);
    made.push(
      (await upload(owner, `?callId=${calls[2]}&durationSeconds=10`, randomBytes(2_000), 'audio/mpeg').expect(201))
        .body,
    );
    const ids = (response: { body: { data: Array<{ id: string }> } }) => response.body.data.map((r) => r.id);
    const get = (query: string) => phone.http().get(`${RECORDINGS}${query}`).set('X-API-KEY', owner.apiKey).expect(200);

    const all = await get('');
    expect(ids(all)).toEqual([made[2].id, made[1].id, made[0].id]);
    expect(all.body.paging).toMatchObject({ totalNumberOfRecords: 3, sortingCriteria: null });
    expect(all.body.data[0]).toEqual(made[2]);
    expect(ids(await get(`?callId=${calls[1]}`))).toEqual([made[1].id]);
    expect(ids(await get('?contentType=audio/mpeg&sort=sizeBytes'))).toEqual([made[1].id, made[2].id]);
    expect(ids(await get('?sort=-sizeBytes'))).toEqual([made[0].id, made[2].id, made[1].id]);
    expect(ids(await get('?durationSeconds=isnull'))).toEqual([made[1].id]);
    const today = new Date().toISOString().slice(0, 10);
    expect(ids(await get(`?createdAt=btn::${today},${today}&sort=createdAt`))).toEqual(made.map((r) => r.id));
    expect(ids(await get('?filter=btn(createdAt,2020-01-01,2020-12-31)'))).toEqual([]);
    const paged = await get('?pageSize=2&pageNumber=2&sort=-durationSeconds');
    expect(paged.body.paging).toMatchObject({
      pageNumber: 2,
      pageSize: 2,
      totalNumberOfRecords: 3,
      totalNumberOfPages: 2,
      hasPreviousPage: true,
      hasNextPage: false,
    });
    expect(ids(paged)).toEqual([made[1].id]);
    await phone.http().get(`${RECORDINGS}?storageKey=x`).set('X-API-KEY', owner.apiKey).expect(400);
  });

  it('DELETE removes the row and the audio file', async () => {
    const owner = await phone.accounts.tenant();
    const callId = await call(owner);
    const { body: recording } = await upload(owner, `?callId=${callId}`, randomBytes(5_000)).expect(201);
    expect(existsSync(fileOf(owner.tenantId, recording.id))).toBe(true);
    await phone.http().delete(`${RECORDINGS}/${recording.id}`).set('X-API-KEY', owner.apiKey).expect(204);
    expect(existsSync(fileOf(owner.tenantId, recording.id))).toBe(false);
    expect(filesOf(owner.tenantId)).toEqual([]);
    expect(await phone.prisma.recording.findUnique({ where: { id: recording.id } })).toBeNull();
    await phone.http().get(`${RECORDINGS}/${recording.id}`).set('X-API-KEY', owner.apiKey).expect(404);
    await download(owner, recording.id).expect(404);
    await phone.http().delete(`${RECORDINGS}/${recording.id}`).set('X-API-KEY', owner.apiKey).expect(404);
    const theCall = await phone.http().get(`${CALLS}/${callId}`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(theCall.body.recordingId).toBeNull();
    // The call may be recorded again.
    await upload(owner, `?callId=${callId}`, randomBytes(10)).expect(201);
  });

  it('deleting a call deletes its recording, row and audio', async () => {
    const owner = await phone.accounts.tenant();
    const callId = await call(owner);
    const { body: recording } = await upload(owner, `?callId=${callId}`, randomBytes(5_000)).expect(201);
    await phone.http().delete(`${CALLS}/${callId}`).set('X-API-KEY', owner.apiKey).expect(204);
    expect(filesOf(owner.tenantId)).toEqual([]);
    expect(await phone.prisma.recording.findUnique({ where: { id: recording.id } })).toBeNull();
    await phone.http().get(`${RECORDINGS}/${recording.id}`).set('X-API-KEY', owner.apiKey).expect(404);
  });
});
