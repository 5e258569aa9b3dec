import { ChildProcess, spawn } from 'node:child_process';
import { Server, createServer, request as httpRequest } from 'node:http';
import { lstatSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Server as NetServer, Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { FastifyInstance } from 'fastify';
import request from 'supertest';
import {
  DomainError,
  HttpTimeouts,
  SERVICE_NAMES,
  createHttpServer,
  errorCodeFor,
  freePort,
  limitBodyTime,
  listenOnSocket,
  refuseOversizedBodies,
} from '@diallink/common';
import { Upstreams, createGateway } from './gateway';

describe('gateway', () => {
  let upstream: FastifyInstance;
  let gateway: FastifyInstance;

  beforeAll(async () => {
    upstream = Fastify();
    upstream.all('/v1/phone-system/*', async (req) => ({
      method: req.method,
      url: req.url,
      requestId: req.headers['x-request-id'],
      forwardedFor: req.headers['x-forwarded-for'],
      body: req.body ?? null,
    }));
    upstream.get('/v1/phone-system/cookies', (req, reply) =>
      reply.header('set-cookie', ['a=1', 'b=2']).send({ host: req.headers.host ?? null }),
    );
    await upstream.listen({ port: 0, host: '127.0.0.1' });
    const { port } = upstream.server.address() as { port: number };
    const down = `http://127.0.0.1:${await freePort()}`;
    const upstreams = Object.fromEntries(
      SERVICE_NAMES.map((service) => [service, service === 'phone-system' ? `http://127.0.0.1:${port}` : down]),
    ) as Upstreams;
    gateway = await createGateway(upstreams);
    await gateway.ready();
  });

  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  it('forwards a service’s prefix with method, path, query, body and request id', async () => {
    const response = await request(gateway.server)
      .post('/v1/phone-system/contacts?fullName=like::So')
      .set('X-Request-Id', 'gw-1')
      .set('X-Forwarded-For', '203.0.113.9')
      .send({ firstName: 'Sophia' })
      .expect(200);
    expect(response.body).toEqual({
      method: 'POST',
      url: '/v1/phone-system/contacts?fullName=like::So',
      requestId: 'gw-1',
      forwardedFor: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$|^::1$/),
      body: { firstName: 'Sophia' },
    });
    expect(response.headers['x-request-id']).toBe('gw-1');
  });

  it('forwards an HTTP/1.0 request without a Host header, and a header the service sends twice as two', async () => {
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    const { port } = gateway.server.address() as { port: number };
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /v1/phone-system/cookies HTTP/1.0\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 200/);
    expect(raw.match(/^set-cookie: .*$/gim)).toEqual(['set-cookie: a=1', 'set-cookie: b=2']);
    expect(raw).toMatch(/^x-request-id: [0-9a-f-]{36}$/im);
    expect(raw).toContain(`{"host":"127.0.0.1:${(upstream.server.address() as { port: number }).port}"}`);
  });

  it('never lets a caller outside reach a service’s internal routes', async () => {
    for (const path of [
      '/v1/phone-system/internal/users',
      '/v1/phone-system/internal',
      '/v1/phone-system/internal?x=1',
    ]) {
      const response = await request(gateway.server).get(path).expect(404);
      expect(response.body).toMatchObject({ status: 404, error: 'NOT_FOUND' });
    }
    await request(gateway.server).get('/v1/phone-system/internalities').expect(200);
  });

  it('answers an unknown prefix with the 404 error body', async () => {
    const response = await request(gateway.server).get('/v1/unknown/things').expect(404);
    expect(response.body).toMatchObject({ status: 404, error: 'NOT_FOUND', details: [] });
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
  });

  it('answers 503 with Retry-After and the error body when nothing listens for a service', async () => {
    const response = await request(gateway.server).get('/v1/obs/health').expect(503);
    expect(response.body).toMatchObject({
      status: 503,
      error: 'SERVICE_UNAVAILABLE',
      message: 'The obs service is not reachable: try again shortly.',
    });
    expect(response.headers['retry-after']).toBe('1');
  });
});

describe('gateway: the reference’s `curl --request get`', () => {
  it('accepts a lower-case method on the request line', async () => {
    const upstream = Fastify();
    upstream.get('/v1/account-hub/api-keys', async (req) => ({ method: req.method }));
    await upstream.listen({ port: 0, host: '127.0.0.1' });
    const { port } = upstream.server.address() as { port: number };
    const gateway = await createGateway({
      'account-hub': `http://127.0.0.1:${port}`,
      'phone-system': `http://127.0.0.1:${port}`,
      obs: `http://127.0.0.1:${port}`,
      'call-queue': `http://127.0.0.1:${port}`,
      'number-porting': `http://127.0.0.1:${port}`,
    });
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = gateway.server.address() as { port: number };
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(address.port, '127.0.0.1', () => {
          socket.write('get /v1/account-hub/api-keys HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
        });
        let data = '';
        socket.on('data', (chunk) => {
          data += chunk.toString();
          // The whole answer is in once the body's closing brace is.
          if (data.includes('\r\n\r\n') && data.trimEnd().endsWith('}')) {
            socket.destroy();
            resolve(data);
          }
        });
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1\.1 200/);
      expect(raw).toContain('{"method":"GET"}');
    } finally {
      await gateway.close();
      await upstream.close();
    }
  });
});

describe('gateway: a body over the service’s limit', () => {
  const LIMIT = 64 * 1024;
  let upstream: FastifyInstance;
  let gateway: FastifyInstance;
  let gatewayPort: number;

  beforeAll(async () => {
    // Like a service: a JSON body limit, and the hook every service app installs for bodies over it.
    upstream = Fastify({ bodyLimit: LIMIT });
    refuseOversizedBodies(upstream);
    upstream.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
      const status = error instanceof DomainError ? error.status : (error.statusCode ?? 500);
      void reply.code(status).send({ status, message: error.message });
    });
    upstream.post('/v1/account-hub/tenants', async (req) => ({ received: JSON.stringify(req.body).length }));
    await upstream.listen({ port: 0, host: '127.0.0.1' });
    const { port } = upstream.server.address() as { port: number };
    const upstreams = Object.fromEntries(
      SERVICE_NAMES.map((service) => [service, `http://127.0.0.1:${port}`]),
    ) as Upstreams;
    gateway = await createGateway(upstreams);
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    gatewayPort = (gateway.server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  /** POSTs `bytes` of JSON in 16 KiB writes, as a client on a real socket does; resolves with the status. */
  function post(bytes: number, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    const body = Buffer.from(JSON.stringify({ name: 'x'.repeat(bytes - 11) }));
    return new Promise((resolve, reject) => {
      const sent = httpRequest(
        {
          port: gatewayPort,
          host: '127.0.0.1',
          method: 'POST',
          path: '/v1/account-hub/tenants',
          headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        },
      );
      sent.on('error', reject);
      const write = () => {
        for (let offset = 0; offset < body.length; offset += 16 * 1024)
          sent.write(body.subarray(offset, offset + 16 * 1024));
        sent.end();
      };
      if (headers.expect) sent.once('continue', write);
      else write();
    });
  }

  it('is a 413 from the service every time, never a 502', async () => {
    for (const bytes of [2, 2, 2, 2, 2, 20].map((megabytes) => megabytes * 1024 * 1024)) {
      const answer = await post(bytes);
      expect(answer).toEqual({ status: 413, body: expect.stringContaining(`limit of ${LIMIT} bytes`) });
    }
  });

  it('reaches the service when the client asks to continue first (curl does for bodies over 1 MB)', async () => {
    expect(await post(2 * 1024 * 1024, { expect: '100-continue' })).toMatchObject({ status: 413 });
    expect(await post(1024, { expect: '100-continue' })).toEqual({ status: 200, body: '{"received":1024}' });
  });
});

describe('gateway: timeouts', () => {
  const TIMEOUTS: HttpTimeouts = { headersMs: 500, bodyMs: 500, keepAliveMs: 500, idleMs: 10_000 };
  let upstream: FastifyInstance;
  let gateway: FastifyInstance;
  let gatewayPort: number;

  /** Opens a raw connection to the gateway; resolves with all it received once the gateway closes it. */
  function connection(...parts: string[]): { closed: Promise<string>; send(text: string): void } {
    const socket = connect(gatewayPort, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('error', () => undefined);
    for (const part of parts) socket.write(part);
    return {
      closed: new Promise((resolve) => socket.on('close', () => resolve(received))),
      send: (text) => socket.write(text),
    };
  }

  beforeAll(async () => {
    // Like a service: the same server timeouts, and the JSON body timeout.
    upstream = Fastify({ serverFactory: (handler) => createHttpServer(handler, TIMEOUTS) });
    limitBodyTime(upstream, TIMEOUTS.bodyMs);
    upstream.setErrorHandler((error: Error, _request, reply) => {
      if (!(error instanceof DomainError)) throw error;
      void reply.code(error.status).headers(error.headers).send({ status: error.status, message: error.message });
    });
    upstream.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
    upstream.post('/v1/obs/notes', async (req) => req.body);
    upstream.post('/v1/obs/uploads', async (req) => {
      let bytes = 0;
      for await (const chunk of req.body as AsyncIterable<Buffer>) bytes += chunk.length;
      return { bytes };
    });
    await upstream.listen({ port: 0, host: '127.0.0.1' });
    const { port } = upstream.server.address() as { port: number };
    const upstreams = Object.fromEntries(
      SERVICE_NAMES.map((service) => [service, `http://127.0.0.1:${port}`]),
    ) as Upstreams;
    gateway = await createGateway(upstreams, { timeouts: TIMEOUTS });
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    gatewayPort = (gateway.server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  it('passes the service’s 408 for a trickled JSON body on and closes the client’s connection', async () => {
    const client = connection(
      'POST /v1/obs/notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n',
      '{"text":',
    );
    const answer = await client.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"message":"The request body did not arrive within 0.5 s."');
  });

  it('closes a connection whose headers never finish, and one that sends nothing', async () => {
    expect(await connection('GET /v1/obs/notes HTTP/1.1\r\nHost: x\r\n').closed).toMatch(/^(HTTP\/1\.1 408 |$)/);
    expect(await connection().closed).not.toMatch(/^HTTP\/1\.1 2/);
  });

  it('forwards a streamed upload that takes longer than the body timeout while it keeps sending', async () => {
    const client = connection(
      'POST /v1/obs/uploads HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/octet-stream\r\nContent-Length: 300\r\n\r\n',
    );
    // The first byte of the body comes well after the service's headers timeout: the gateway
    // must have sent the headers on already.
    await new Promise((resolve) => setTimeout(resolve, 2 * TIMEOUTS.headersMs));
    for (let sent = 0; sent < 3; sent++) {
      client.send('x'.repeat(100));
      await new Promise((resolve) => setTimeout(resolve, TIMEOUTS.bodyMs));
    }
    expect(await client.closed).toMatch(/^HTTP\/1\.1 200 [\s\S]*\{"bytes":300\}$/);
  });
});

describe('gateway: a service that drops a kept-alive connection without answering', () => {
  let upstream: Server;
  let upstreamPort: number;
  let gateway: FastifyInstance;
  let origin: string;
  /** What the service received, in order: method, path, body, and whether it dropped the connection. */
  const received: { method: string; url: string; body: string; dropped: boolean }[] = [];

  beforeAll(async () => {
    // Like a service whose process dies: it answers the first request of each connection and keeps
    // the connection alive, then destroys the socket on the next one before any byte of an answer
    // (the gateway's pooled connection to a killed process fails the same way).
    const requestsOn = new WeakMap<object, number>();
    upstream = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
      const count = (requestsOn.get(req.socket) ?? 0) + 1;
      requestsOn.set(req.socket, count);
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const dropped = count > 1;
        received.push({ method: req.method ?? '', url: req.url ?? '', body, dropped });
        if (dropped) req.socket.destroy();
        else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ body }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamPort = (upstream.address() as { port: number }).port;
    const upstreams = Object.fromEntries(
      SERVICE_NAMES.map((service) => [service, `http://127.0.0.1:${upstreamPort}`]),
    ) as Upstreams;
    gateway = await createGateway(upstreams);
    origin = await gateway.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await gateway.close();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  beforeEach(() => {
    received.length = 0;
  });

  /** A request through the gateway; a dropped or unanswered connection fails the test (no hang past 20 s). */
  async function send(method: string, path: string, body?: string) {
    const response = await fetch(`${origin}${path}`, {
      method,
      body,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(20_000),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
  }

  /** One answered request, so that the gateway holds a kept-alive connection the next request reuses. */
  async function warm(): Promise<void> {
    expect((await send('GET', '/v1/obs/warm')).status).toBe(200);
  }

  it('sends an idempotent request again on a fresh connection', async () => {
    await warm();
    expect(await send('GET', '/v1/obs/things')).toMatchObject({ status: 200 });
    await warm();
    expect(await send('PUT', '/v1/obs/things/1', '{"name":"again"}')).toMatchObject({
      status: 200,
      body: { body: '{"name":"again"}' },
    });
    expect(received.filter((request) => request.url !== '/v1/obs/warm')).toEqual([
      { method: 'GET', url: '/v1/obs/things', body: '', dropped: true },
      { method: 'GET', url: '/v1/obs/things', body: '', dropped: false },
      { method: 'PUT', url: '/v1/obs/things/1', body: '{"name":"again"}', dropped: true },
      { method: 'PUT', url: '/v1/obs/things/1', body: '{"name":"again"}', dropped: false },
    ]);
  }, 60_000);

  it('answers a POST whose body reached the service 502 with the error body, without sending it twice', async () => {
    await warm();
    const answer = await send('POST', '/v1/obs/things', '{"name":"once"}');
    expect(answer).toMatchObject({
      status: 502,
      body: { status: 502, error: errorCodeFor(502), details: [], message: expect.stringContaining('obs') },
    });
    expect(received.filter((request) => request.method === 'POST')).toHaveLength(1);
  }, 60_000);

  it('answers 503 with Retry-After when the service is gone for the fresh connection too', async () => {
    await warm();
    // The kept-alive connection stays; nothing listens for a new one any more.
    upstream.close();
    const answer = await send('GET', '/v1/obs/things');
    expect(answer).toMatchObject({ status: 503, retryAfter: '1', body: { status: 503, details: [] } });
  }, 60_000);
});

describe('gateway: a service that cannot take a connection', () => {
  let child: ChildProcess;
  let gateway: FastifyInstance;
  const fillers: Socket[] = [];

  afterAll(async () => {
    for (const socket of fillers) socket.destroy();
    child?.kill('SIGKILL');
    await gateway?.close();
  });

  it('answers 503 with Retry-After once a connection has not opened within the connect timeout', async () => {
    // A process that listens with a backlog of one and then never accepts (its event loop is
    // blocked): once its queue is full, a new connection neither opens nor is refused.
    child = spawn(process.execPath, [
      '-e',
      `const server = require('node:net').createServer();
       server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
         process.stdout.write(server.address().port + '\\n');
         setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0), 50);
       });`,
    ]);
    const port = await new Promise<number>((resolve) =>
      child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let opened = 0; opened < 2; opened++) {
      const socket = connect(port, '127.0.0.1');
      fillers.push(socket);
      await new Promise((resolve) => socket.once('connect', resolve));
    }
    const upstreams = Object.fromEntries(
      SERVICE_NAMES.map((service) => [service, `http://127.0.0.1:${port}`]),
    ) as Upstreams;
    gateway = await createGateway(upstreams, { connectTimeoutMs: 500 });
    const response = await request(gateway.server).get('/v1/obs/things').expect(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toMatchObject({
      status: 503,
      message: 'The obs service is not reachable: try again shortly.',
    });
  }, 60_000);
});

describe('gateway: services on Unix sockets (SOCKET_PATH)', () => {
  let directory: string;
  let service: Server;
  let listener: NetServer;
  let gateway: FastifyInstance;

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'gateway-sockets-'));
    // The service as runService makes it: its TCP port, and the same server on a socket besides.
    service = createHttpServer(
      (req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            url: req.url,
            requestId: req.headers['x-request-id'],
            forwardedFor: req.headers['x-forwarded-for'],
          }),
        );
      },
      { headersMs: 10_000, bodyMs: 10_000, keepAliveMs: 5_000, idleMs: 60_000 },
    );
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    listener = await listenOnSocket(service, path.join(directory, 'phone-system.sock'));
    // A file that is no socket, like a stale one nothing listens on: refused.
    writeFileSync(path.join(directory, 'call-queue.sock'), '');
    // Every TCP port closed: an answer can only have come through the socket.
    const down = `http://127.0.0.1:${await freePort()}`;
    gateway = await createGateway(Object.fromEntries(SERVICE_NAMES.map((name) => [name, down])) as Upstreams, {
      socketPaths: {
        'phone-system': path.join(directory, 'phone-system.sock'),
        'call-queue': path.join(directory, 'call-queue.sock'),
        // Not there yet (the service is starting) or no longer (it stopped).
        obs: path.join(directory, 'obs.sock'),
      },
    });
    await gateway.ready();
  });

  afterAll(async () => {
    await gateway.close();
    listener.close();
    await new Promise((resolve) => service.close(resolve));
    rmSync(directory, { recursive: true, force: true });
  });

  it('forwards to the service’s socket with the request id and the client’s address', async () => {
    const response = await request(gateway.server)
      .get('/v1/phone-system/contacts?pageSize=1')
      .set('X-Request-Id', 'gw-socket')
      .set('X-Forwarded-For', '203.0.113.9')
      .expect(200);
    expect(response.body).toEqual({
      url: '/v1/phone-system/contacts?pageSize=1',
      requestId: 'gw-socket',
      forwardedFor: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$|^::1$/),
    });
    expect(response.headers['x-request-id']).toBe('gw-socket');
  });

  it('answers 503 with Retry-After while a service’s socket is missing or nothing listens on it', async () => {
    for (const name of ['obs', 'call-queue']) {
      const response = await request(gateway.server).get(`/v1/${name}/health`).expect(503);
      expect(response.body).toMatchObject({
        status: 503,
        message: `The ${name} service is not reachable: try again shortly.`,
      });
      expect(response.headers['retry-after']).toBe('1');
    }
  });

  it('lets a restarted service take its socket path over, never a file that is not a socket', async () => {
    const second = createServer((_req, res) => res.end('restarted'));
    await new Promise<void>((resolve) => second.listen(0, '127.0.0.1', resolve));
    try {
      // A socket file left behind by a process that was killed: replaced.
      const stale = path.join(directory, 'stale.sock');
      const killed = spawn(process.execPath, [
        '-e',
        "require('node:net').createServer().listen(process.argv[1], () => process.kill(process.pid, 'SIGKILL'))",
        stale,
      ]);
      await new Promise((resolve) => killed.once('exit', resolve));
      expect(lstatSync(stale).isSocket()).toBe(true);
      const replaced = await listenOnSocket(second, stale);
      replaced.close();
      await expect(listenOnSocket(second, path.join(directory, 'call-queue.sock'))).rejects.toThrow(/is not a socket/);
    } finally {
      await new Promise((resolve) => second.close(resolve));
    }
  });
});
