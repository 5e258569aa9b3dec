import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Body, Controller, Module, Post, Put } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsString } from 'class-validator';
import request from 'supertest';
import { PayloadTooLargeError } from '../errors/api-error';
import { createServiceApp } from './service-app';
import { StreamedBody, StreamedBodyRoute, StreamedUpload } from './streamed-body';

const AUDIO = { contentTypes: ['audio/mpeg', 'audio/ogg', 'application/octet-stream'], what: 'audio' } as const;
const LIMIT = 100_000;

/** Reads the whole stream as a consumer would, and says what arrived. */
async function received(upload: StreamedUpload) {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of upload.open() as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    hash.update(chunk);
  }
  return { contentType: upload.contentType, declaredBytes: upload.declaredBytes, bytes, sha256: hash.digest('hex') };
}

class NoteRequest {
  @IsString()
  text!: string;
}

@Controller('files')
class FilesController {
  @Post('audio')
  @StreamedBodyRoute(AUDIO)
  audio(@StreamedBody() upload: StreamedUpload) {
    return received(upload);
  }

  @Put('any')
  @StreamedBodyRoute({ contentTypes: 'any', what: 'object' })
  any(@StreamedBody() upload: StreamedUpload) {
    return received(upload);
  }

  /** Stops reading past LIMIT, as a store does, and answers 413 while the client is still sending. */
  @Post('limited')
  @StreamedBodyRoute(AUDIO)
  async limited(@StreamedBody() upload: StreamedUpload): Promise<never> {
    const body = upload.open();
    let bytes = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > LIMIT) {
        body.destroy();
        break;
      }
    }
    throw new PayloadTooLargeError(`More than ${LIMIT} bytes.`);
  }

  @Post('notes')
  note(@Body() note: NoteRequest): NoteRequest {
    return note;
  }
}

@Module({ controllers: [FilesController] })
class FilesModule {}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('streamed bodies: @StreamedBodyRoute() and @StreamedBody()', () => {
  let app: NestFastifyApplication;
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    app = await createServiceApp(
      { name: 'obs', title: 'Test', description: 'Test' },
      { module: FilesModule },
      { LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: 1_000 },
    );
    await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app.close());

  it('hands the route the body as sent, past the JSON body limit, with its media type', async () => {
    const audio = randomBytes(50_000);
    const response = await request(server())
      .post('/v1/obs/files/audio')
      .set('Content-Type', 'Audio/Ogg; codecs=opus')
      .send(audio)
      .expect(201);
    expect(response.body).toEqual({
      contentType: 'audio/ogg',
      declaredBytes: 50_000,
      bytes: 50_000,
      sha256: sha256(audio),
    });
  });

  it('refuses every other media type of a route that lists its types with 415, naming them', async () => {
    for (const type of ['application/json', 'text/plain', 'image/png', 'audio/x-unknown', 'nonsense']) {
      const response = await request(server())
        .post('/v1/obs/files/audio')
        .set('Content-Type', type)
        .send(Buffer.from('{"audio":"no"}'))
        .expect(415);
      expect(response.body).toMatchObject({
        status: 415,
        error: 'UNSUPPORTED_MEDIA_TYPE',
        message:
          'Unsupported content type: send the audio as the body with Content-Type audio/mpeg, audio/ogg, application/octet-stream.',
      });
    }
    await request(server()).post('/v1/obs/files/audio').expect(415);
  });

  it('takes any media type on a route that takes any, JSON unparsed, and none as application/octet-stream', async () => {
    const json = Buffer.from('{"not": "parsed", "deep": [[[[1]]]]}');
    const asJson = await request(server())
      .put('/v1/obs/files/any')
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(json.toString()) // a Buffer would be serialised as JSON by the client
      .expect(200);
    expect(asJson.body).toMatchObject({ contentType: 'application/json', bytes: json.length, sha256: sha256(json) });
    const pdf = await request(server()).put('/v1/obs/files/any').set('Content-Type', 'application/pdf').send(json);
    expect(pdf.body).toMatchObject({ contentType: 'application/pdf', sha256: sha256(json) });

    const untyped = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { port } = server().address() as AddressInfo;
      const sent = httpRequest({ port, host: '127.0.0.1', method: 'PUT', path: '/v1/obs/files/any' }, (incoming) => {
        let body = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (body += chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
      });
      sent.on('error', reject);
      sent.end(json);
    });
    expect(untyped.status).toBe(200);
    expect(JSON.parse(untyped.body)).toMatchObject({ contentType: 'application/octet-stream', bytes: json.length });

    const malformed = await request(server()).put('/v1/obs/files/any').set('Content-Type', 'not a type').send(json);
    expect(malformed.status).toBe(415);
    expect(malformed.body.message).toMatch(/send the object as the body with a media type as Content-Type/);
  });

  it('reads a chunked body as it arrives, with no declared length', async () => {
    const chunks = [randomBytes(30_000), randomBytes(30_000), randomBytes(10)];
    const { port } = server().address() as AddressInfo;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const sent = httpRequest(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/v1/obs/files/audio',
          headers: { 'Content-Type': 'audio/mpeg', 'Transfer-Encoding': 'chunked' },
        },
        (incoming) => {
          let body = '';
          incoming.setEncoding('utf8');
          incoming.on('data', (chunk: string) => (body += chunk));
          incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
        },
      );
      sent.on('error', reject);
      for (const chunk of chunks) sent.write(chunk);
      sent.end();
    });
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toEqual({
      contentType: 'audio/mpeg',
      declaredBytes: null,
      bytes: 60_010,
      sha256: sha256(Buffer.concat(chunks)),
    });
  });

  it('lets a client that is still sending read the answer of a route that stopped reading', async () => {
    const response = await request(server())
      .post('/v1/obs/files/limited')
      .set('Content-Type', 'audio/mpeg')
      .send(randomBytes(LIMIT * 5))
      .expect(413);
    expect(response.body).toMatchObject({ status: 413, message: `More than ${LIMIT} bytes.` });
  });

  it('changes nothing for the other routes: JSON parsed and limited, other types 415, unknown routes 404', async () => {
    await request(server()).post('/v1/obs/files/notes').send({ text: 'hello' }).expect(201, { text: 'hello' });
    await request(server())
      .post('/v1/obs/files/notes')
      .send({ text: 'x'.repeat(2_000) })
      .expect(413);
    for (const type of ['audio/mpeg', 'application/x-diallink-streamed-body', 'text/plain']) {
      const response = await request(server())
        .post('/v1/obs/files/notes')
        .set('Content-Type', type)
        .send(Buffer.from('{"text":"hello"}'))
        .expect(415);
      expect(response.body).toMatchObject({ status: 415, error: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    await request(server())
      .post('/v1/obs/files/nowhere')
      .set('Content-Type', 'audio/mpeg')
      .send(Buffer.from('x'))
      .expect(404);
  });

  it('documents the body of each streamed route', async () => {
    const { body: document } = await request(server()).get('/v1/obs/docs/openapi.json').expect(200);
    const audio = document.paths['/v1/obs/files/audio'].post;
    expect(Object.keys(audio.requestBody.content)).toEqual([...AUDIO.contentTypes]);
    expect(audio.requestBody.description).toBe('The audio, as it is (streamed, not JSON).');
    expect(audio.responses['415'].description).toBe(
      'The body is not one of audio/mpeg, audio/ogg, application/octet-stream.',
    );
    const any = document.paths['/v1/obs/files/any'].put;
    expect(Object.keys(any.requestBody.content)).toEqual(['*/*']);
  });
});
