import { connect } from 'node:net';
import Fastify, { FastifyInstance } from 'fastify';
import request from 'supertest';
import { SERVICE_NAMES, freePort } from '@diallink/common';
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
