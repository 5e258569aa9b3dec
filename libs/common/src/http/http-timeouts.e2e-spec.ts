import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsString } from 'class-validator';
import { connect, Socket } from 'node:net';
import { HttpTimeouts } from './http-timeouts';
import { createServiceApp } from './service-app';
import { StreamedBody, StreamedBodyRoute, StreamedUpload } from './streamed-body';

class NoteRequest {
  @IsString()
  text!: string;
}

@Controller('notes')
class NotesController {
  @Get()
  list(): { items: [] } {
    return { items: [] };
  }

  @Post()
  create(@Body() body: NoteRequest): NoteRequest {
    return body;
  }

  @Post('uploads')
  @StreamedBodyRoute({ contentTypes: 'any', what: 'file' })
  async upload(@StreamedBody() upload: StreamedUpload): Promise<{ bytes: number }> {
    let bytes = 0;
    for await (const chunk of upload.open()) bytes += (chunk as Buffer).length;
    return { bytes };
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

const TIMEOUTS: HttpTimeouts = { headersMs: 500, bodyMs: 500, keepAliveMs: 500, idleMs: 10_000 };

/** A raw connection to the service, for requests a well-behaved client would not send. */
class RawClient {
  readonly socket: Socket;
  private received = '';
  readonly closed: Promise<string>;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => (this.received += chunk.toString()));
    this.closed = new Promise((resolve) => this.socket.on('close', () => resolve(this.received)));
    this.socket.on('error', () => undefined);
  }

  send(text: string): void {
    this.socket.write(text);
  }

  /** Resolves once what the server sent contains `text`. */
  async waitFor(text: string): Promise<string> {
    while (!this.received.includes(text)) {
      if (this.socket.destroyed) throw new Error(`closed before "${text}": ${this.received}`);
      await new Promise((resolve) => this.socket.once('data', resolve).once('close', resolve));
    }
    return this.received;
  }
}

describe('timeouts of a service', () => {
  let app: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    app = await createServiceApp({ name: 'obs', title: 'Notes', description: 'Notes' }, NotesModule, {
      LOG_LEVEL: 'silent',
      BODY_LIMIT_BYTES: 1_000,
      HTTP_HEADERS_TIMEOUT_MS: TIMEOUTS.headersMs,
      HTTP_BODY_TIMEOUT_MS: TIMEOUTS.bodyMs,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: TIMEOUTS.keepAliveMs,
      HTTP_IDLE_TIMEOUT_MS: TIMEOUTS.idleMs,
    });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers a trickled JSON body 408 with the error body and closes the connection', async () => {
    const client = new RawClient(port);
    client.send(
      'POST /v1/obs/notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n',
    );
    client.send('{"text":');
    const answer = await client.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 408,
      error: 'REQUEST_TIMEOUT',
      message: 'The request body did not arrive within 0.5 s.',
    });
  });

  it('closes a connection whose headers never finish', async () => {
    const client = new RawClient(port);
    client.send('GET /v1/obs/notes HTTP/1.1\r\nHost: x\r\n');
    expect(await client.closed).toMatch(/^(HTTP\/1\.1 408 |$)/);
  });

  it('closes a connection that never sends anything', async () => {
    const client = new RawClient(port);
    expect(await client.closed).not.toMatch(/^HTTP\/1\.1 2/);
  });

  it('closes a kept-alive connection once it is idle, after answering on it', async () => {
    const client = new RawClient(port);
    client.send('GET /v1/obs/notes HTTP/1.1\r\nHost: x\r\n\r\n');
    await client.waitFor('{"items":[]}');
    expect(await client.closed).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('lets a streamed upload take longer than the body timeout while it keeps sending, JSON or not', async () => {
    // A file that happens to be JSON, larger than BODY_LIMIT_BYTES: the route streams it.
    const chunks = 4;
    const client = new RawClient(port);
    client.send(
      `POST /v1/obs/notes/uploads HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${chunks * 400}\r\n\r\n`,
    );
    // Each chunk goes after a pause of the whole body timeout: the upload takes 4 of them.
    for (let sent = 0; sent < chunks; sent++) {
      await new Promise((resolve) => setTimeout(resolve, TIMEOUTS.bodyMs));
      client.send('x'.repeat(400));
    }
    expect(await client.waitFor('}')).toMatch(/^HTTP\/1\.1 201 [\s\S]*\{"bytes":1600\}$/);
    client.socket.destroy();
  });

  it('still reads a JSON body that arrives in time', async () => {
    const client = new RawClient(port);
    client.send(
      'POST /v1/obs/notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n',
    );
    client.send('{"text":');
    client.send('"hi"}');
    expect(await client.waitFor('}')).toMatch(/^HTTP\/1\.1 201 [\s\S]*\{"text":"hi"\}$/);
    client.socket.destroy();
  });
});
