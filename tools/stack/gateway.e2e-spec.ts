import Fastify, { FastifyInstance } from 'fastify';
import request from 'supertest';
import { freePort } from './embedded-postgres';
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
      body: req.body ?? null,
    }));
    await upstream.listen({ port: 0, host: '127.0.0.1' });
    const { port } = upstream.server.address() as { port: number };
    const down = `http://127.0.0.1:${await freePort()}`;
    const upstreams: Upstreams = {
      'account-hub': down,
      'phone-system': `http://127.0.0.1:${port}`,
      obs: down,
      'call-queue': down,
      'number-porting': down,
    };
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
      .send({ firstName: 'Sophia' })
      .expect(200);
    expect(response.body).toEqual({
      method: 'POST',
      url: '/v1/phone-system/contacts?fullName=like::So',
      requestId: 'gw-1',
      body: { firstName: 'Sophia' },
    });
    expect(response.headers['x-request-id']).toBe('gw-1');
  });

  it('answers an unknown prefix with the 404 error body', async () => {
    const response = await request(gateway.server).get('/v1/unknown/things').expect(404);
    expect(response.body).toMatchObject({ status: 404, error: 'NOT_FOUND', details: [] });
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
  });

  it('answers 502 with the error body when a service is down', async () => {
    const response = await request(gateway.server).get('/v1/obs/health').expect(502);
    expect(response.body).toMatchObject({
      status: 502,
      error: 'BAD_GATEWAY',
      message: 'The obs service is not reachable.',
    });
  });
});
